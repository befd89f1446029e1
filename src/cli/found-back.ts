/**
 * `plan` and `explain` agree with `apply` about restored files (DESIGN §6): with a config that
 * declares targets at hand, a deleted record found back in its target is shown as apply will
 * see it — due, "reappeared after deletion". The look-up is apply's own (apply/reappeared.ts),
 * made read-only: nothing is marked and nothing is logged.
 */
import { foundBackInTargets, targetHoldingAgain } from '../apply/reappeared.js';
import { TargetSet } from '../apply/target-set.js';
import type { RetentionConfig } from '../config/load.js';
import type { RecordFacts } from '../engine/types.js';
import type { Inventory } from '../store/types.js';
import { splitLocation } from '../targets/registry.js';

export interface StoreFacts {
  facts: () => AsyncIterable<RecordFacts[]>;
  find: (id: string) => Promise<RecordFacts | null>;
  close: () => Promise<void>;
}

/** The store's live records, followed by the deleted ones found back in their targets. */
export function factsWithFoundBack(store: Inventory, config: RetentionConfig | null, warn: (message: string) => void): StoreFacts {
  if (config === null || config.targets.size === 0) {
    return { facts: () => store.streamFacts(), find: (id) => store.getFacts(id), close: async () => {} };
  }
  const targets = new TargetSet(config.targets, config.dir);
  const uncheckable = (target: string, error: unknown) =>
    warn(`warning: cannot look in target "${target}" for deleted records put back (${error instanceof Error ? error.message : String(error)}); its records are shown as deleted`);
  return {
    async *facts() {
      yield* store.streamFacts();
      for await (const back of foundBackInTargets(store, targets, uncheckable)) {
        yield await store.deletedFacts(back.map((b) => b.id));
      }
    },
    async find(id) {
      const live = await store.getFacts(id);
      if (live !== null) return live;
      const [deleted] = await store.deletedFacts([id]);
      if (deleted === undefined) return null;
      try {
        return (await targetHoldingAgain(targets, deleted.record.location)) === null ? null : deleted;
      } catch (error) {
        uncheckable(splitLocation(deleted.record.location ?? '')?.target ?? '?', error);
        return null;
      }
    },
    close: () => targets.closeAll(),
  };
}
