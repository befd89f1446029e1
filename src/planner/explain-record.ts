/**
 * `explain RECORD-ID`: one record's decision as the plan makes it (its holds, the destruction
 * worklist), with the events recorded on it; or, for a record the store deleted, its tombstone
 * and every audit entry about it — never a bare "no record".
 */
import type { AuditEntry } from '../audit-entry.js';
import { decide } from '../engine/decide.js';
import type { CompiledPolicy, Decision, RecordFacts, Tombstone } from '../engine/types.js';
import type { AuditLog, Inventory, RecordedEvent } from '../store/types.js';
import { HoldIndex } from './hold-index.js';
import type { RecordSource } from './record-source.js';

export interface DeletedRecord {
  facts: RecordFacts & { tombstone: Tombstone };
  /** The audit entries naming the record, oldest first. */
  history: readonly AuditEntry[];
}

/** A record a person closed with `inventory forget`: its `forget` entry and every entry naming it. */
export interface ForgottenRecord {
  forget: AuditEntry;
  history: readonly AuditEntry[];
}

export type RecordExplanation =
  | { kind: 'decided'; facts: RecordFacts; decision: Decision; recorded: readonly RecordedEvent[] }
  | { kind: 'deleted'; deleted: DeletedRecord }
  | { kind: 'forgotten'; forgotten: ForgottenRecord };

/** Null when the source never held the record. */
export async function explainRecord(
  records: RecordSource,
  policy: CompiledPolicy,
  id: string,
  asOf: string,
): Promise<RecordExplanation | null> {
  const facts = await records.find(id);
  if (!facts) {
    if (records.store === null) return null;
    const deleted = await deletedRecord(records.store, id);
    if (deleted !== null) return { kind: 'deleted', deleted };
    const forgotten = await forgottenRecord(records.store, id);
    return forgotten === null ? null : { kind: 'forgotten', forgotten };
  }
  const decision = records.worklist.annotate(decide(policy, facts, new HoldIndex(records.holds).holdsFor(facts.record), asOf));
  const recorded = records.store ? await records.store.listEvents({ record: id }) : [];
  return { kind: 'decided', facts, decision, recorded };
}

/** A record forgotten with `inventory forget`, told by the log; null when there is no `forget` entry for it. */
async function forgottenRecord(store: AuditLog, id: string): Promise<ForgottenRecord | null> {
  const history: AuditEntry[] = [];
  for await (const entry of store.auditEntries({ record: id })) history.push(entry);
  const forget = history.findLast((e) => e.action === 'forget');
  return forget === undefined ? null : { forget, history };
}

/** A record the store deleted (and that is not back in its target), with its audit history; null when the store never had it. */
async function deletedRecord(store: Inventory & AuditLog, id: string): Promise<DeletedRecord | null> {
  const [facts] = await store.deletedFacts([id]);
  if (facts === undefined || facts.tombstone === null) return null;
  const history: AuditEntry[] = [];
  for await (const entry of store.auditEntries({ record: id })) history.push(entry);
  return { facts: { ...facts, tombstone: facts.tombstone }, history };
}
