/**
 * `event add`: a dated fact joins the store's event history (DESIGN §2) — only under a name a
 * rule of the policy reads or that is well known, so that a typo is refused rather than
 * recorded and silently ignored.
 */
import type { CompiledPolicy } from '../engine/types.js';
import { checkEventToRecord } from '../policy/names.js';
import type { EventInput, Events, RecordedEvent } from '../store/types.js';

/**
 * @throws RetentionError `event.bad-name` or `event.unknown-name` (nothing recorded), or
 * `record.not-found` for an event on a record the store does not hold.
 */
export async function addEvent(store: Events, event: EventInput, by: string, policy: CompiledPolicy | null): Promise<RecordedEvent> {
  checkEventToRecord(event.event, policy);
  return store.addEvent(event, { actor: by });
}
