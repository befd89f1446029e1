/**
 * `plan` and `explain` agree with `apply` about restored files (DESIGN §6): with a config that
 * declares targets at hand, a deleted record found back in its target is shown as apply will
 * see it — due, "reappeared after deletion". The look-up is apply's own (reappeared.ts), made
 * read-only: nothing is marked and nothing is logged.
 */
import { manualTargetTest, type RetentionConfig } from '../config/load.js';
import type { CompiledPolicy, RecordFacts } from '../engine/types.js';
import type { RecordSource, RecordStore } from '../planner/record-source.js';
import { DestructionWorklist } from '../planner/worklist.js';
import type { Holds, Inventory, RunJournal } from '../store/types.js';
import { splitLocation } from '../targets/registry.js';
import { foundBackInTargets, targetHoldingAgain } from './reappeared.js';
import { TargetSet } from './target-set.js';
import { messageOf } from '../error-details.js';

/**
 * The store's live records, followed by the deleted ones found back in their targets, with the
 * store's holds and destruction worklist. Closing it closes the targets it opened, not the store.
 * `warn` hears of a target that cannot be looked in (its records are shown as deleted).
 */
export async function recordsFromStore(
  store: RecordStore & Holds & RunJournal,
  config: RetentionConfig | null,
  policy: CompiledPolicy,
  warn: (message: string) => void,
): Promise<RecordSource> {
  const worklist = new DestructionWorklist(await store.unsettledIntents(), manualTargetTest(config), policy.timezone);
  const holds = await store.activeHolds();
  if (config === null || config.targets.size === 0) {
    return {
      facts: () => store.streamFacts(),
      find: (id) => store.getFacts(id),
      holds,
      worklist,
      store,
      checked: true,
      close: async () => {},
    };
  }
  const targets = new TargetSet(config.targets, config.dir);
  const uncheckable = (target: string, error: unknown) =>
    warn(`warning: cannot look in target "${target}" for deleted records put back (${messageOf(error)}); its records are shown as deleted`);
  return {
    async *facts() {
      yield* store.streamFacts();
      for await (const back of foundBackInTargets(store, targets, uncheckable)) {
        yield await store.deletedFacts(back.map((b) => b.id));
      }
    },
    find: (id) => findFoundBack(store, targets, id, uncheckable),
    holds,
    worklist,
    store,
    checked: true,
    close: () => targets.closeAll(),
  };
}

/** A live record, or a deleted one that is back in its target; null otherwise. */
async function findFoundBack(
  store: Inventory,
  targets: TargetSet,
  id: string,
  uncheckable: (target: string, error: unknown) => void,
): Promise<RecordFacts | null> {
  const live = await store.getFacts(id);
  if (live !== null) return live;
  const [deleted] = await store.deletedFacts([id]);
  if (deleted === undefined) return null;
  try {
    const tombstone = { location: deleted.record.location, fingerprint: deleted.tombstone?.fingerprint ?? null };
    return (await targetHoldingAgain(targets, tombstone, uncheckable)) === null ? null : deleted;
  } catch (error) {
    uncheckable(splitLocation(deleted.record.location ?? '')?.target ?? '?', error);
    return null;
  }
}
