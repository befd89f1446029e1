/**
 * `hold add`: a legal hold keeps records whatever the policy says. A hold on a record id that
 * does not exist, a misspelt category or a past `--until` is still placed (it may be meant for
 * records yet to come), but the caller hears that it holds nothing today, and why.
 */
import type { CompiledPolicy, Hold, Tombstone } from '../engine/types.js';
import type { HoldInput, Holds, Inventory } from '../store/types.js';
import { closestWord } from '../yaml/did-you-mean.js';

/**
 * How many live records a hold keeps today; when none, why, and the category it may have meant.
 * A hold on a deleted record still keeps it should it be found back in its target (a restored
 * backup, which `plan` already shows as reappeared): the tombstone says when it went.
 */
export type HoldReach =
  | { count: number; why: null }
  | { count: 0; why: 'expired' | 'nothing-in-scope'; guess: string | null }
  | { count: 0; why: 'deleted'; tombstone: Tombstone };

export async function placeHold(store: Holds & Inventory, hold: HoldInput, by: string, context: { today: string; policy: CompiledPolicy | null }): Promise<{ hold: Hold; reach: HoldReach }> {
  const placed = await store.addHold(hold, { actor: by });
  return { hold: placed, reach: await reachOf(store, placed, context) };
}

async function reachOf(store: Inventory, hold: Hold, { today, policy }: { today: string; policy: CompiledPolicy | null }): Promise<HoldReach> {
  if (hold.until !== null && hold.until < today) return { count: 0, why: 'expired', guess: null };
  const count = await store.countRecordsInScope(hold.scope, hold.ref);
  if (count > 0) return { count, why: null };
  const tombstone = hold.scope === 'record' ? await store.getTombstone(hold.ref) : null;
  if (tombstone !== null) return { count: 0, why: 'deleted', tombstone };
  const categories = hold.scope === 'category' && policy !== null ? policy.rules.flatMap((rule) => rule.categories) : [];
  return { count: 0, why: 'nothing-in-scope', guess: closestWord(hold.ref, [...new Set(categories)]) };
}
