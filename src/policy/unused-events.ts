/**
 * Inventory event columns (or JSON `events` keys) that no rule of the policy reads: imported
 * all the same, but most likely a misspelt or miscased column (`consent_withdrawl`,
 * `Service_Ended`) whose dates would silently never count — so the import warns, with a
 * did-you-mean (case-insensitive).
 */
import type { CompiledPolicy, InventoryRecord } from '../engine/types.js';
import { flagNamesOf, policyEventNames } from './names.js';
import { CREATED_EVENT, ERASURE_REQUEST_EVENT, WELL_KNOWN_EVENTS } from '../vocabulary.js';
import { closestWord } from '../yaml/did-you-mean.js';

export interface UnusedEvent {
  name: string;
  /** The name a rule reads that it most likely meant, or null. */
  guess: string | null;
}

/** Passes `batches` through, noting every event name the records carry. */
export class EventNamesSeen {
  private readonly names = new Set<string>();

  async *watch(batches: AsyncIterable<InventoryRecord[]>): AsyncIterable<InventoryRecord[]> {
    for await (const batch of batches) {
      // for…in, not Object.keys: no array per record of a million-record import.
      for (const record of batch) for (const name in record.events) this.names.add(name);
      yield batch;
    }
  }

  /** The names seen that no rule of `policy` reads (the erasure request and `created` always count as read). */
  unusedBy(policy: CompiledPolicy): UnusedEvent[] {
    const read = new Set([...policyEventNames(policy), ERASURE_REQUEST_EVENT, CREATED_EVENT]);
    const candidates = [...new Set([...read, ...flagNamesOf(policy), ...WELL_KNOWN_EVENTS])].sort();
    return [...this.names]
      .filter((name) => !read.has(name))
      .sort()
      .map((name) => ({
        name,
        guess: closestWord(
          name,
          candidates.filter((c) => c !== name),
        ),
      }));
  }
}
