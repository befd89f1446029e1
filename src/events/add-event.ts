/**
 * `event add`: a dated fact joins the store's event history (DESIGN §2) — only under a name a
 * rule of the policy reads or that is well known, so that a typo is refused rather than
 * recorded and silently ignored. A subject's date that changes nothing today is recorded all the
 * same (it may be meant for records to come), but the caller hears why it changes nothing.
 */
import { inventoryValue } from '../engine/events.js';
import type { CompiledPolicy } from '../engine/types.js';
import { checkEventToRecord } from '../policy/names.js';
import type { EventInput, Events, Inventory, RecordedEvent } from '../store/types.js';

/** Why a subject's new date changes nothing (or less than it seems) today, for the person who added it. */
export type EventReach =
  | { kind: 'no-live-record' }
  /** `count` of the subject's live records have a date of their own for the event, which wins. */
  | { kind: 'own-dates-win'; count: number; of: number };

/**
 * @throws RetentionError `event.bad-name` or `event.unknown-name` (nothing recorded), or
 * `record.not-found` for an event on a record the store does not hold.
 */
export async function addEvent(
  store: Events & Inventory,
  event: EventInput,
  by: string,
  policy: CompiledPolicy | null,
): Promise<{ added: RecordedEvent; reach: EventReach | null }> {
  checkEventToRecord(event.event, policy);
  const added = await store.addEvent(event, { actor: by });
  return { added, reach: event.scope === 'subject' ? await subjectReach(store, event) : null };
}

/** Null when the subject's date counts for every one of its live records. */
async function subjectReach(store: Inventory, event: EventInput): Promise<EventReach | null> {
  const of = await store.countRecordsInScope('subject', event.ref);
  if (of === 0) return { kind: 'no-live-record' };
  let count = 0;
  // event add is a rare, hand-typed command: one pass over the store is affordable here.
  for await (const batch of store.streamFacts()) {
    for (const facts of batch) {
      if (facts.record.subject !== event.ref) continue;
      const own =
        inventoryValue(facts.record, event.event) !== undefined ||
        (facts.recordedEvents !== undefined && Object.hasOwn(facts.recordedEvents, event.event));
      if (own) count += 1;
    }
  }
  return count > 0 ? { kind: 'own-dates-win', count, of } : null;
}
