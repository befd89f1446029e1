/**
 * `hold add`: a legal hold keeps records whatever the policy says. A hold on a record id that
 * does not exist, a misspelt category or a past `--until` is still placed (it may be meant for
 * records yet to come), but the caller hears that it holds nothing today, and why. A held
 * record already on the manual destruction worklist is named: the paper list is in a person's
 * hands, and only they can stop the destruction before the next run withdraws the line.
 */
import { toCalendarDate } from '../engine/dates.js';
import type { CompiledPolicy, Hold, Tombstone } from '../engine/types.js';
import type { HoldInput, Holds, Inventory, RunJournal } from '../store/types.js';
import { closestWord } from '../yaml/did-you-mean.js';

/** A held record on the destruction worklist: since when (a calendar date) and by which run. */
export interface HeldOnWorklist {
  record: string;
  since: string;
  run: string;
}

/**
 * How many live records a hold keeps today; when none, why, and the category it may have meant.
 * A hold on a deleted record still keeps it should it be found back in its target (a restored
 * backup, which `plan` already shows as reappeared): the tombstone says when it went.
 */
export type HoldReach =
  | { count: number; why: null }
  | { count: 0; why: 'expired' | 'nothing-in-scope'; guess: string | null }
  | { count: 0; why: 'deleted'; tombstone: Tombstone };

export interface HoldContext {
  today: string;
  policy: CompiledPolicy | null;
  /** Whether the config declares `target` a manual one; null when there is no config to tell. */
  isManual: (target: string) => boolean | null;
}

export async function placeHold(
  store: Holds & Inventory & Pick<RunJournal, 'unsettledIntents'>,
  hold: HoldInput,
  by: string,
  context: HoldContext,
): Promise<{ hold: Hold; reach: HoldReach; onWorklist: HeldOnWorklist[] }> {
  const placed = await store.addHold(hold, { actor: by });
  const reach = await reachOf(store, placed, context);
  return { hold: placed, reach, onWorklist: reach.count === 0 ? [] : await heldOnWorklist(store, placed, context) };
}

/** The worklist lines (intents on manual targets, not confirmed) of records the hold keeps. */
async function heldOnWorklist(
  store: Inventory & Pick<RunJournal, 'unsettledIntents'>,
  hold: Hold,
  context: HoldContext,
): Promise<HeldOnWorklist[]> {
  const zone = context.policy?.timezone ?? 'UTC';
  const held: HeldOnWorklist[] = [];
  for (const line of await store.unsettledIntents()) {
    if (context.isManual(line.target) === false) continue;
    const record = hold.scope === 'record' ? null : (await store.getFacts(line.record))?.record;
    const inScope =
      hold.scope === 'record'
        ? line.record === hold.ref
        : hold.scope === 'subject'
          ? record?.subject === hold.ref
          : record?.category === hold.ref;
    if (inScope) held.push({ record: line.record, since: toCalendarDate(line.since, zone), run: line.run });
  }
  return held;
}

async function reachOf(store: Inventory, hold: Hold, { today, policy }: HoldContext): Promise<HoldReach> {
  if (hold.until !== null && hold.until < today) return { count: 0, why: 'expired', guess: null };
  const count = await store.countRecordsInScope(hold.scope, hold.ref);
  if (count > 0) return { count, why: null };
  const tombstone = hold.scope === 'record' ? await store.getTombstone(hold.ref) : null;
  if (tombstone !== null) return { count: 0, why: 'deleted', tombstone };
  const categories = hold.scope === 'category' && policy !== null ? policy.rules.flatMap((rule) => rule.categories) : [];
  return { count: 0, why: 'nothing-in-scope', guess: closestWord(hold.ref, [...new Set(categories)]) };
}
