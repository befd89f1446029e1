/**
 * When `inventory forget` must refuse (both stores): forgetting stops every later decision and
 * deletion of a record for good, so it is only for a record the inventory itself says is gone
 * (the latest import no longer lists it) and that nothing still waits on: no open deletion
 * intent (a crashed run's is settled by the next apply; a manual target's is the destruction
 * worklist, settled by `confirm`), and no hold.
 */
import { activeHolds } from '../engine/holds.js';
import type { Hold } from '../engine/types.js';
import { refusal, type RetentionError } from '../errors.js';
import type { RecordTuple } from './rows/records.js';

export function forgetRefusal(
  row: RecordTuple,
  openIntentSeq: number | null,
  holds: readonly Hold[],
  today: string,
): RetentionError | null {
  const [id, subject, category] = row;
  if (openIntentSeq !== null) {
    return refusal(
      'record.forget-refused',
      `record ${id} has an open deletion intent (audit entry ${openIntentSeq}): if it is on the destruction worklist, confirm its destruction (retention confirm); if a run crashed, the next apply settles it`,
    );
  }
  const held = activeHolds(holds, { id, subject, category, created: null, location: null, events: {}, flags: {} }, today);
  if (held.length > 0) {
    return refusal(
      'record.forget-refused',
      `record ${id} is held (${held.map((h) => h.id).join(', ')}): a held record is kept; release the hold first if it is truly gone`,
    );
  }
  if (row[13] === null) {
    return refusal(
      'record.forget-refused',
      `record ${id} is still listed by the latest import: retention still decides and deletes it; forget only a record the inventory no longer lists (import an inventory without it first)`,
    );
  }
  return null;
}
