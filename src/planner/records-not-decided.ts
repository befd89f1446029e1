/**
 * The records a plan from the store does not decide, with why: the latest import no longer
 * lists them, or a person forgot them (`inventory forget`, told by its log entry). Nothing
 * proves such a record erased, so an erasure request of its subject stays open.
 */
import type { AuditLog, Inventory } from '../store/types.js';
import type { UndecidedRecord } from './erasure-requests.js';

export async function recordsNotDecided(store: AuditLog & Pick<Inventory, 'noLongerListed'>): Promise<UndecidedRecord[]> {
  const undecided: UndecidedRecord[] = (await store.noLongerListed()).map((r) => ({
    id: r.id,
    subject: r.subject,
    state: `no longer listed by the inventory since ${r.since.slice(0, 10)}`,
  }));
  for await (const e of store.auditEntries({ action: 'forget' })) {
    if (e.record !== null) undecided.push({ id: e.record, subject: e.subject, state: `forgotten on ${e.at.slice(0, 10)} by ${e.actor}` });
  }
  return undecided;
}
