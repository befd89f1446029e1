/**
 * A run that died between an `intent` and its outcome left the journal open. Before planning,
 * the next run looks at each such record in its target: gone → `deleted` (the crashed run did
 * delete it); still there → `failed` ("interrupted"), and the fresh plan deletes it again if it
 * is still due. Either way every intent gets exactly one outcome and no record is deleted twice.
 */
import type { InRun, OutcomeInput, RunJournal, UnsettledIntent } from '../store/types.js';
import type { TargetSet } from './target-set.js';

export interface SettleContext {
  store: RunJournal;
  targets: TargetSet;
  /** The settling run: the outcomes are its entries. */
  by: InRun;
}

export async function settleInterruptedRuns(ctx: SettleContext): Promise<{ settled: number; stillPresent: number }> {
  // An intent on another host's target may be that host's run, deleting right now: its own to settle.
  const open = (await ctx.store.unsettledIntents()).filter((intent) => ctx.targets.ownsTarget(intent.target));
  const outcomes: OutcomeInput[] = [];
  let stillPresent = 0;
  for (const intent of open) {
    const state = await stateInTarget(ctx.targets, intent);
    if (state.kind === 'awaiting-confirmation') continue;
    if (state.kind !== 'gone') stillPresent += 1;
    outcomes.push({
      recordId: intent.record,
      outcome: state.kind === 'gone' ? 'deleted' : 'failed',
      // The rule the crashed run deleted it under, as its intent says: the certificate's rule column.
      rule: intent.rule,
      detail:
        state.kind === 'gone'
          ? { target: intent.target, result: 'deleted by interrupted run', interruptedRun: intent.run }
          : { target: intent.target, error: `interrupted run ${intent.run} did not finish; ${state.why}`, interruptedRun: intent.run },
    });
  }
  if (outcomes.length > 0) {
    await ctx.store.recordOutcomes(outcomes, ctx.by);
    // The folders the interrupted deletions emptied go once those deletions are logged.
    await ctx.targets.tidyAll();
  }
  return { settled: outcomes.length, stillPresent };
}

/**
 * What became of an interrupted deletion: `gone` (the crashed run deleted it), still there or
 * unknown (`why` says which; it is planned again), or a destruction a person has yet to confirm.
 */
type InterruptedState = { kind: 'gone' } | { kind: 'awaiting-confirmation' } | { kind: 'not-deleted'; why: string };

async function stateInTarget(targets: TargetSet, intent: UnsettledIntent): Promise<InterruptedState> {
  const resolved = await targets.resolve(intent.location);
  if ('problem' in resolved) return { kind: 'not-deleted', why: `cannot check: ${resolved.problem}` };
  // A manual target's intent is the destruction worklist: open until a person confirms it.
  if (resolved.target.type === 'manual') return { kind: 'awaiting-confirmation' };
  const exists = await resolved.target.exists(resolved.ref);
  if (exists === false) return { kind: 'gone' };
  return { kind: 'not-deleted', why: exists === true ? 'record still present, re-planned' : 'state unknown, re-planned' };
}
