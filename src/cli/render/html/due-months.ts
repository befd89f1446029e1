/**
 * Counts of deletions falling due: "due now", then one count per calendar month ahead.
 * Only counts are kept (a map of month → number), never the decisions, so a million-record
 * plan costs a few dozen numbers here.
 *
 * The months: 12 calendar months starting with the month of the day after the as-of date
 * (the first day a retained record can become eligible), or more when `--horizon` reaches
 * further, through the month the horizon ends in. The first month may be partial; every
 * other one is whole.
 */
import { DateTime } from 'luxon';
import type { Decision } from '../../../engine/types.js';
import type { PlanWindow } from '../../../planner/planner.js';
import { addDays } from '../../../engine/dates.js';

const MIN_CHART_MONTHS = 12;

export interface ChartBar {
  kind: 'due-now' | 'month';
  /** "Due now", or the month's short name ("Jul"). */
  label: string;
  /** The year under a month's name, on the first month and on each January; else null. */
  year: string | null;
  /** The bar spelt out for screen readers and tooltips: "July 2026". */
  longLabel: string;
  count: number;
}

interface Month {
  key: string;
  start: DateTime;
}

export class DueMonthTally {
  private readonly months: Month[];
  private readonly lastMonth: Month;
  private readonly counts = new Map<string, number>();
  private dueNow = 0;
  private beyond = 0;

  constructor(window: PlanWindow) {
    const first = DateTime.fromISO(addDays(window.asOf, 1)).startOf('month');
    const horizonMonth = DateTime.fromISO(window.horizonEnd).startOf('month');
    const throughHorizon = Math.round(horizonMonth.diff(first, 'months').months) + 1;
    const length = Math.max(MIN_CHART_MONTHS, throughHorizon);
    const month = (start: DateTime): Month => ({ key: start.toFormat('yyyy-MM'), start });
    this.months = Array.from({ length }, (_, i) => month(first.plus({ months: i })));
    this.lastMonth = month(first.plus({ months: length - 1 }));
    for (const m of this.months) this.counts.set(m.key, 0);
  }

  /** Counts a due record now, and a retained one in the month it becomes eligible. */
  add(decision: Decision): void {
    if (decision.status === 'due') this.dueNow += 1;
    if (decision.status !== 'retained' || decision.eligibleFrom === null) return;
    const key = decision.eligibleFrom.slice(0, 7);
    const count = this.counts.get(key);
    if (count !== undefined) this.counts.set(key, count + 1);
    else if (key > this.lastMonth.key) this.beyond += 1;
  }

  /** Retained records that become eligible after the last month shown. */
  get later(): number {
    return this.beyond;
  }

  /** The last month shown, as "June 2027". */
  get lastMonthName(): string {
    return longMonth(this.lastMonth.start);
  }

  /** "Due now" first, then each month in order. */
  bars(): ChartBar[] {
    const months = this.months.map((m, i): ChartBar => ({
      kind: 'month',
      label: m.start.toFormat('LLL', { locale: 'en-GB' }),
      year: i === 0 || m.start.month === 1 ? String(m.start.year) : null,
      longLabel: longMonth(m.start),
      count: this.counts.get(m.key) ?? 0,
    }));
    return [{ kind: 'due-now', label: 'Due now', year: null, longLabel: 'Due now', count: this.dueNow }, ...months];
  }
}

function longMonth(start: DateTime): string {
  return start.toFormat('LLLL yyyy', { locale: 'en-GB' });
}
