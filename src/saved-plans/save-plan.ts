import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Decision } from '../engine/types.js';
import type { SavedPlans } from '../store/types.js';
import { environmentError, refusal } from '../errors.js';
import { openFailureReason } from '../file-input/open-failure.js';
import { errnoCode } from '../error-details.js';
import { PLAN_FORMAT, plannedRecord, serialisePlan, type PlanFile } from './plan-file.js';
import { sha256Hex } from '../sha256.js';

export interface DueRecord {
  decision: Decision;
  location: string | null;
}

export interface PlanToSave {
  asOf: string;
  validUntil: string;
  policy: { file: string; sha256: string };
  /** The due decisions, each with its record's location (which the plan pins). */
  due: readonly DueRecord[];
  now: Date;
}

/**
 * Writes the plan file and keeps its exact bytes' SHA-256 and content in the store, which is
 * what `approve` and `apply` later check the file against. The file is written exclusively:
 * an existing plan (perhaps already approved) is never overwritten. A relative `file` starts at `cwd`.
 */
export async function savePlan(
  store: SavedPlans,
  file: string,
  input: PlanToSave,
  cwd?: string,
): Promise<{ sha256: string; validUntil: string }> {
  const plan: PlanFile = {
    format: PLAN_FORMAT,
    createdAt: input.now.toISOString(),
    asOf: input.asOf,
    validUntil: input.validUntil,
    policy: input.policy,
    store: { id: await store.storeId() },
    records: input.due.map((d) => plannedRecord(d.decision, d.location)),
  };
  const text = serialisePlan(plan);
  const sha256 = sha256Hex(text);
  await writeFile(cwd === undefined ? file : resolve(cwd, file), text, { flag: 'wx', mode: 0o600 }).catch((error: unknown) => {
    const code = errnoCode(error);
    if (code === 'EEXIST')
      throw refusal('plan.exists', `${file} already exists; a saved plan is never overwritten — choose another name`, { file });
    // A full disk or a folder not ours is the machine's problem, never a bug; nothing was saved in the store.
    if (code !== undefined)
      throw environmentError('environment.cannot-write', `${file}: cannot write the plan: ${openFailureReason(error)}`, { file });
    throw error;
  });
  await store.savePlan({ sha256, asOf: plan.asOf, policySha256: plan.policy.sha256, validUntil: plan.validUntil, body: plan });
  return { sha256, validUntil: plan.validUntil };
}
