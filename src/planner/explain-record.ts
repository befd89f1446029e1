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

export type RecordExplanation =
  | { kind: 'decided'; facts: RecordFacts; decision: Decision; recorded: readonly RecordedEvent[] }
  | { kind: 'deleted'; deleted: DeletedRecord };

/** Null when the source never held the record. */
export async function explainRecord(records: RecordSource, policy: CompiledPolicy, id: string, asOf: string): Promise<RecordExplanation | null> {
  const facts = await records.find(id);
  if (!facts) {
    const deleted = records.store ? await deletedRecord(records.store, id) : null;
    return deleted === null ? null : { kind: 'deleted', deleted };
  }
  const decision = records.worklist.annotate(decide(policy, facts, new HoldIndex(records.holds).holdsFor(facts.record), asOf));
  const recorded = records.store ? await records.store.listEvents({ record: id }) : [];
  return { kind: 'decided', facts, decision, recorded };
}

/** A record the store deleted (and that is not back in its target), with its audit history; null when the store never had it. */
async function deletedRecord(store: Inventory & AuditLog, id: string): Promise<DeletedRecord | null> {
  const [facts] = await store.deletedFacts([id]);
  if (facts === undefined || facts.tombstone === null) return null;
  const history: AuditEntry[] = [];
  for await (const entry of store.auditEntries({ record: id })) history.push(entry);
  return { facts: { ...facts, tombstone: facts.tombstone }, history };
}
