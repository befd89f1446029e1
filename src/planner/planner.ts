/**
 * Runs the pure engine over a stream of records. Decisions flow to a sink batch by batch,
 * so a million-record plan streams to ndjson/csv without being held in memory; the summary
 * is accumulated on the way.
 */
import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import { decide } from '../engine/decide.js';
import type { CompiledPolicy, Decision, RecordFacts } from '../engine/types.js';
import type { HoldIndex } from './hold-index.js';
import { ErasureRequests } from './erasure-requests.js';
import { addToSummary, emptySummary, type PlanSummary } from './summary.js';

export interface PlanWindow {
  asOf: string;
  /** Last day of the look-ahead (`--horizon`); retained records eligible by then are "upcoming". */
  horizonEnd: string;
}

/** Receives each batch's decisions and, index for index, the facts they were made from. */
export type DecisionSink = (batch: Decision[], facts: RecordFacts[]) => void | Promise<void>;

/** A retained record that becomes deletable within the look-ahead window. */
export function isUpcoming(decision: Decision, window: PlanWindow): boolean {
  return decision.status === 'retained' && decision.eligibleFrom !== null && decision.eligibleFrom <= window.horizonEnd;
}

export async function runPlan(
  policy: CompiledPolicy,
  facts: AsyncIterable<RecordFacts[]>,
  holds: HoldIndex,
  window: PlanWindow,
  sink: DecisionSink,
  /** What the store knows beyond the engine (the destruction worklist), added before counting. */
  annotate: (decision: Decision) => Decision = (decision) => decision,
): Promise<PlanSummary> {
  const summary = emptySummary();
  const erasures = new ErasureRequests();
  for await (const batch of facts) {
    const decisions = batch.map((f) => annotate(decide(policy, f, holds.holdsFor(f.record), window.asOf)));
    for (const d of decisions) {
      addToSummary(summary, d, isUpcoming(d, window));
      erasures.observe(d);
    }
    await sink(decisions, batch);
    // Let the event loop run between batches (stream bookkeeping, signals): a loop of
    // promises alone would starve it for the whole of a million-record plan.
    await nextTurnOfEventLoop();
  }
  summary.erasureRequests = erasures.list();
  return summary;
}
