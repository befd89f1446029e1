/**
 * The manual destruction worklist as a plan shows it (DESIGN §6): a due record on it says since
 * when it awaits destruction, every time the plan is made, not only on the night `apply` put it
 * there. A worklist line is an intent journaled for a record on a `manual` target and not yet
 * closed by `retention confirm`.
 */
import { toCalendarDate } from '../engine/dates.js';
import { awaitingDestructionReason, interruptedDeletionReason } from '../engine/reasons.js';
import type { Decision } from '../engine/types.js';
import type { UnsettledIntent } from '../store/types.js';

export class DestructionWorklist {
  private readonly lines: Map<string, UnsettledIntent>;

  /**
   * `isManual(target)`: true or false when the config declares the target, null when there is
   * no config to tell (then the line is taken for a worklist line, the usual case).
   */
  constructor(
    intents: readonly UnsettledIntent[],
    private readonly isManual: (target: string) => boolean | null,
    private readonly zone: string,
  ) {
    this.lines = new Map(intents.map((intent) => [intent.record, intent]));
  }

  /** The decision as the plan shows it; unchanged unless it is due and its deletion is under way. */
  annotate(decision: Decision): Decision {
    const line = this.lines.size === 0 ? undefined : this.lines.get(decision.id);
    if (line === undefined || decision.status !== 'due') return decision;
    const since = toCalendarDate(line.since, this.zone);
    if (this.isManual(line.target) === false) return { ...decision, reason: interruptedDeletionReason(since, line.run, decision.reason) };
    return {
      ...decision,
      reason: awaitingDestructionReason(decision.id, since, line.run, decision.reason),
      awaitingDestruction: { since: line.since, run: line.run },
    };
  }
}

export const EMPTY_WORKLIST = new DestructionWorklist([], () => null, 'UTC');
