/**
 * `confirm`: a person destroyed a record on a manual target (paper, offline systems) and says
 * so. The guards are those of an apply run: only a record on a manual target, on the
 * destruction worklist (an apply run put it there, so its deletion was automatic or approved)
 * and still due today may be recorded as destroyed — a held record, or one whose trigger
 * changed since, must not be.
 */
import type { TargetConfig } from '../config/load.js';
import { decide } from '../engine/decide.js';
import type { CompiledPolicy } from '../engine/types.js';
import { refusal, usageError } from '../errors.js';
import { HoldIndex } from '../planner/hold-index.js';
import type { AuditLog, Holds, Inventory, RunJournal } from '../store/types.js';
import { splitLocation } from '../targets/registry.js';
import { closestWord } from '../yaml/did-you-mean.js';
import { recordErasureCompletedByConfirmation } from './erasure-completion.js';

export interface ConfirmationRequest {
  recordId: string;
  /** Who destroyed it: the audit entry's actor. */
  by: string;
  /** How, as typed: one of `methods` (it enters the hash-chained log, which holds no personal data). */
  method: string;
  methods: readonly string[];
  /** Anything else worth keeping; stays in the store, never in the log. */
  note: string | null;
  policy: CompiledPolicy;
  policySha256: string;
  asOf: string;
  /** The config's targets by name: only records on a `manual` one are destroyed by hand. */
  targets: ReadonlyMap<string, TargetConfig>;
}

/**
 * Records the destruction (a `confirm` entry; the record becomes a tombstone) and, when it was
 * the last erasable record of an erasure request, the request's completion.
 * @throws RetentionError `confirm.unknown-method`, `record.not-found`, `confirm.not-manual`,
 * `confirm.not-due` or `confirm.not-on-worklist`; nothing is recorded then.
 */
export async function confirmDestruction(store: Inventory & Holds & RunJournal & AuditLog, request: ConfirmationRequest): Promise<void> {
  const { recordId, policy, asOf } = request;
  const method = destructionMethod(request.method, request.methods);
  const facts = await store.getFacts(recordId);
  if (!facts)
    throw usageError('record.not-found', `no record "${recordId}" in the store, or it was already destroyed`, { record: recordId });
  const target = splitLocation(facts.record.location ?? '')?.target ?? null;
  if (target === null || request.targets.get(target)?.type !== 'manual') {
    throw refusal(
      'confirm.not-manual',
      `${recordId} is not on a manual target (location target "${target ?? 'none'}"): "retention apply" deletes it; confirm is for records a person destroys by hand`,
      { record: recordId, target },
    );
  }
  const decision = decide(policy, facts, new HoldIndex(await store.activeHolds()).holdsFor(facts.record), asOf);
  if (decision.status !== 'due') {
    throw refusal(
      'confirm.not-due',
      `refused: ${recordId} is ${decision.status}, not due — it must not be destroyed (${decision.reason}). Nothing was recorded.`,
      { record: recordId, status: decision.status },
    );
  }
  const worklistLine = (await store.unsettledIntents()).find((i) => i.record === recordId);
  if (!worklistLine) {
    throw refusal(
      'confirm.not-on-worklist',
      `refused: ${recordId} is not on the destruction worklist — "retention apply" puts due records there once their rule is automatic or a plan listing them is approved. Nothing was recorded.`,
      { record: recordId },
    );
  }
  await store.recordConfirmation({ recordId, method, note: request.note, rule: decision.rule }, { actor: request.by });
  // The last erasable record of an erasure request may be paper: then this answers the request.
  await recordErasureCompletedByConfirmation(store, policy, asOf, decision, {
    actor: request.by,
    run: worklistLine.run,
    policySha256: request.policySha256,
  });
}

/** `method` when it is one of `methods` (surrounding spaces ignored); a usage error with a did-you-mean otherwise. */
function destructionMethod(given: string, methods: readonly string[]): string {
  const method = methods.find((m) => m === given.trim());
  if (method !== undefined) return method;
  const guess = closestWord(given.trim(), methods);
  throw usageError(
    'confirm.unknown-method',
    `--method "${given}" is not one of the destruction methods: ${methods.map((m) => `"${m}"`).join(', ')}. Nothing was recorded.` +
      `\n  hint: ${guess ? `did you mean "${guess}"? ` : ''}put details (bag number, witness) in --note TEXT, which stays out of the audit log; the config's destructionMethods lists the methods`,
    { method: given, methods, guess },
  );
}
