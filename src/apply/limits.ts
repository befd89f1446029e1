import { RetentionError } from '../errors.js';
import { countOf } from '../plural.js';

/** One safety limit and where it was set, so that a refusal can say which setting to look at. */
export interface Limit {
  value: number;
  /** e.g. `--max-percent` or `limits.maxPercent in retention.config.yaml`. */
  setBy: string;
}

export interface SafetyLimits {
  /** Most deletions one run may carry out; a bigger plan is refused whole. */
  maxDeletions: Limit | null;
  /** Most deletions as a percentage of the live records in the store. */
  maxPercent: Limit | null;
}

/** A limit the plan went over, as the refusal's data: which one, its value and setting, and by how much. */
interface Exceeded {
  code: 'apply.limit.max-deletions' | 'apply.limit.max-percent';
  flag: '--max-deletions' | '--max-percent';
  limit: Limit;
  text: string;
}

/**
 * Refuses the whole run (exit 3, nothing changed) when the planned deletions exceed a limit,
 * saying by how much and which setting refused, so a wrong policy or a bad import cannot wipe
 * the store in one night.
 * @throws RetentionError `apply.limit.max-deletions` (or `apply.limit.max-percent` when only
 * that one is exceeded), with `{ planned, live, percent, exceeded: [{ limit, value, setBy }] }`.
 */
export function checkLimits(planned: number, liveRecords: number, limits: SafetyLimits): void {
  const exceeded: Exceeded[] = [];
  const { maxDeletions, maxPercent } = limits;
  const percent = liveRecords > 0 ? Math.round((planned / liveRecords) * 1000) / 10 : null;
  if (maxDeletions !== null && planned > maxDeletions.value) {
    const over = planned - maxDeletions.value;
    const text = `${countOf(planned, 'deletion')} planned, the limit is ${maxDeletions.value} (${over} over)`;
    exceeded.push({ code: 'apply.limit.max-deletions', flag: '--max-deletions', limit: maxDeletions, text });
  }
  if (maxPercent !== null && liveRecords > 0 && (planned / liveRecords) * 100 > maxPercent.value) {
    const text = `${planned} of ${countOf(liveRecords, 'live record')} is ${((planned / liveRecords) * 100).toFixed(1)}%, the limit is ${maxPercent.value}%`;
    exceeded.push({ code: 'apply.limit.max-percent', flag: '--max-percent', limit: maxPercent, text });
  }
  const [first] = exceeded;
  if (first === undefined) return;
  const raise = exceeded.map((e) => (e.limit.setBy === e.flag ? `a higher ${e.flag} N` : `${e.flag} N (it wins over ${e.limit.setBy})`));
  throw new RetentionError(
    first.code,
    `safety limit: the run was refused and nothing was deleted: ${exceeded.map((e) => `${e.text}, set by ${e.limit.setBy}`).join('; ')}.\n` +
      `  hint: check the plan ("retention plan --status due"); if it is right, allow this run with ${raise.join(' and ')}`,
    {
      data: {
        planned,
        live: liveRecords,
        percent,
        exceeded: exceeded.map((e) => ({ limit: e.flag.slice(2), value: e.limit.value, setBy: e.limit.setBy })),
      },
    },
  );
}
