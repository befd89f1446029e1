/**
 * Sorts decisions into the report's worklists as they stream past. Only the decisions a
 * list shows are kept; the rest are counted (the chart) and dropped.
 */
import type { Decision } from '../../../engine/types.js';
import { isUpcoming, type PlanWindow } from '../../../planner/planner.js';
import { splitLocation } from '../../../targets/registry.js';
import { DueMonthTally } from './due-months.js';

export interface Worklists {
  /** Due, under a rule that needs a person's approval. */
  awaitingApproval: Decision[];
  /** Due, under a rule that deletes without approval, on a target the tool deletes from. */
  dueAutomatic: Decision[];
  /** Due, under a rule that needs no approval, on a manual target: a person destroys them. */
  dueByHand: Decision[];
  /** To review because a periodic (consent) review is overdue. */
  consentReviews: Decision[];
  /** To review because the trigger event never came. */
  missingTriggers: Decision[];
  held: Decision[];
  unmatched: Decision[];
  /** Retained records that become eligible within the horizon. */
  upcoming: Decision[];
  /** Waiting for the event that starts their retention period. */
  pending: Decision[];
}

export interface ReportData {
  lists: Worklists;
  months: DueMonthTally;
  /** Decisions the renderer received: fewer than the plan's records when `--status` filtered them. */
  listed: number;
  /** Whether the config said which targets are manual; if not, paper may hide among `dueAutomatic`. */
  manualTargetsKnown: boolean;
}

export class ReportCollector {
  private readonly lists: Worklists = {
    awaitingApproval: [],
    dueAutomatic: [],
    dueByHand: [],
    consentReviews: [],
    missingTriggers: [],
    held: [],
    unmatched: [],
    upcoming: [],
    pending: [],
  };
  private readonly months: DueMonthTally;
  private listed = 0;

  constructor(
    private readonly window: PlanWindow,
    private readonly manualTargets: ReadonlySet<string> | null,
  ) {
    this.months = new DueMonthTally(window);
  }

  add(decision: Decision): void {
    this.listed += 1;
    this.months.add(decision);
    const list = this.listFor(decision);
    if (list) list.push(decision);
  }

  result(): ReportData {
    return { lists: this.lists, months: this.months, listed: this.listed, manualTargetsKnown: this.manualTargets !== null };
  }

  private listFor(d: Decision): Decision[] | null {
    switch (d.status) {
      case 'due':
        // On the destruction worklist, its approval is given: it awaits a person's hands.
        if (d.approval === 'required' && d.awaitingDestruction === undefined) return this.lists.awaitingApproval;
        return this.isOnManualTarget(d) ? this.lists.dueByHand : this.lists.dueAutomatic;
      case 'review':
        return d.review?.kind === 'periodic' ? this.lists.consentReviews : this.lists.missingTriggers;
      case 'held':
        return this.lists.held;
      case 'unmatched':
        return this.lists.unmatched;
      case 'pending':
        return this.lists.pending;
      default:
        return isUpcoming(d, this.window) ? this.lists.upcoming : null;
    }
  }

  private isOnManualTarget(d: Decision): boolean {
    const target = d.location === null ? undefined : splitLocation(d.location)?.target;
    return target !== undefined && this.manualTargets !== null && this.manualTargets.has(target);
  }
}
