import { resolve } from 'node:path';
import { refusal } from '../errors.js';
import type { SavedPlans } from '../store/types.js';
import { parsePlanFile, type PlanFile } from './plan-file.js';
import { planRefusal } from './plan-checks.js';
import { sha256Hex } from '../sha256.js';
import { readSmallFile } from '../file-input/small-file.js';

/**
 * A plan lists each due record with its reason, a few hundred bytes each: 256 MB is about
 * 800,000 records, more than a first clean-up of a large store, and still fits in memory.
 */
const PLAN_FILE_LIMIT = 256 * 1024 * 1024;

export interface LoadedPlan {
  plan: PlanFile;
  sha256: string;
}

/**
 * Reads a plan file (relative to `cwd` when given) and finds it in the store by the SHA-256 of
 * its bytes. A file the store never saved was edited after `plan --out`, or comes from another
 * store: refused either way.
 */
export async function loadSavedPlan(store: SavedPlans, file: string, cwd?: string): Promise<LoadedPlan> {
  const bytes = await readSmallFile(cwd === undefined ? file : resolve(cwd, file), {
    shownAs: file,
    what: 'plan',
    hint: 'give the file "retention plan --out" wrote',
    limit: PLAN_FILE_LIMIT,
  });
  const plan = parsePlanFile(bytes.toString('utf8'), file);
  const sha256 = sha256Hex(bytes);
  const storeId = await store.storeId();
  if (plan.store.id !== storeId) {
    throw planRefusal(file, {
      code: 'plan.other-store',
      text: `it was made from another store (${plan.store.id}); this store is ${storeId}`,
      data: { planStore: plan.store.id, store: storeId },
    });
  }
  if (!(await store.getPlan(sha256))) {
    throw refusal(
      'plan.edited',
      `${file}: refused: the file does not match any plan saved in this store — it was changed after "retention plan --out". Nothing was changed; plan again.`,
      { file, sha256 },
    );
  }
  return { plan, sha256 };
}
