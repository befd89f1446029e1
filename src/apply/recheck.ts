/**
 * The last look before a batch is journaled (DESIGN §6): inside the store's transaction that
 * writes the batch's intents, each record is decided again from the facts and holds as they
 * are then. A hold placed (or an event added) while the run was deleting other batches wins.
 */
import { decide } from '../engine/decide.js';
import type { CompiledPolicy, Decision, Status } from '../engine/types.js';
import { HoldIndex } from '../planner/hold-index.js';
import type { IntentRecheck } from '../store/types.js';
import { keptToday, type RunDates } from './due-today.js';

/** A selected record the run left alone because it stopped being due while the run went on. */
export interface ChangedDuringRun {
  record: string;
  /** Its status when its batch came; null when it was no longer in the store. */
  status: Status | null;
  reason: string;
}

/**
 * A recheck that keeps the records still due as of the run's as-of date and as of today (the
 * selection's rule, due-today.ts), and leaves in `decided` the decision that judged each record
 * it saw (to say why the others were left alone).
 */
export function stillDue(policy: CompiledPolicy, dates: RunDates, decided: Map<string, Decision>): IntentRecheck {
  return ({ facts, holds }) => {
    decided.clear();
    const index = new HoldIndex(holds);
    const keep = new Set<string>();
    for (const [id, current] of facts) {
      const applying = index.holdsFor(current.record);
      const decision = decide(policy, current, applying, dates.asOf);
      const today = decision.status === 'due' ? keptToday(policy, current, applying, dates) : null;
      decided.set(id, today ?? decision);
      if (decision.status === 'due' && today === null) keep.add(id);
    }
    return keep;
  };
}

/** Why `id` was not journaled, from the decision the recheck made for it. */
export function changedDuringRun(id: string, decision: Decision | undefined): ChangedDuringRun {
  if (!decision) return { record: id, status: null, reason: 'no longer in the store' };
  return { record: id, status: decision.status, reason: decision.reason };
}
