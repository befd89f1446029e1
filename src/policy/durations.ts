/** Retention durations: ISO 8601 text (`P6Y`, `P18M`, `P1Y6M`, `P30D`), checked and read by luxon. */
import { DateTime, Duration } from 'luxon';
import { addPeriod } from '../engine/dates.js';

const CALENDAR_UNITS = new Set(['years', 'quarters', 'months', 'weeks', 'days']);

/**
 * The longest duration anywhere (a policy's `for`, `review.every` and `if_no_event_after`, the
 * `--horizon` flag): far beyond any retention period, and short enough that every date the
 * engine computes stays a calendar date (`P100000000M` once validated, then crashed `plan`).
 */
export const MAX_DURATION_YEARS = 1000;

/** The longest a saved plan may be carried out after its as-of date (`--valid-for`, `plans.validFor`). */
export const MAX_PLAN_VALIDITY = 'P1Y';

const DAYS_PER_YEAR = 365.2425;
const YEARS_PER_UNIT: Readonly<Record<string, number>> = {
  years: 1,
  quarters: 1 / 4,
  months: 1 / 12,
  weeks: 7 / DAYS_PER_YEAR,
  days: 1 / DAYS_PER_YEAR,
};

/**
 * Null when `text` is a usable retention duration, otherwise what is wrong with it.
 * Only whole calendar units are allowed: the engine works on calendar dates, so hours or
 * "1.5 years" would have no exact meaning. Zero is allowed only when `allowZero`; nothing
 * longer than MAX_DURATION_YEARS in total.
 */
export function durationProblem(text: string, options: { allowZero: boolean }): string | null {
  const duration = Duration.fromISO(text);
  const parts = duration.isValid ? Object.entries(duration.toObject()) : [];
  // luxon reads a bare "P" or "PT" as a valid empty duration; ISO 8601 needs a number.
  if (parts.length === 0) return 'is not an ISO 8601 duration';
  if (parts.some(([unit]) => !CALENDAR_UNITS.has(unit))) return 'must be in years, months, weeks or days';
  if (parts.some(([, n]) => !Number.isInteger(n))) return 'must use whole numbers';
  if (parts.some(([, n]) => n < 0)) return 'must not be negative';
  if (!options.allowZero && parts.every(([, n]) => n === 0)) return 'must be longer than zero';
  const years = parts.reduce((total, [unit, n]) => total + n * (YEARS_PER_UNIT[unit] ?? 0), 0);
  if (years > MAX_DURATION_YEARS) return `is longer than ${MAX_DURATION_YEARS} years, the longest a duration may be`;
  return null;
}

/**
 * Null when `text` is a usable plan validity (a duration, not zero, at most MAX_PLAN_VALIDITY),
 * otherwise what is wrong with it. The cap is on the date the plan runs to: as of `asOf`, the
 * plan must end no later than `asOf` + MAX_PLAN_VALIDITY, whatever the units (`P366D` runs past
 * it unless the year has a 29 February, as `P1Y1D` and `P53W` always do). Without `asOf` (a
 * config, read before any plan), only what no as-of date could let through is refused.
 */
export function planValidityProblem(text: string, asOf?: string): string | null {
  const problem = durationProblem(text, { allowZero: false });
  if (problem) return problem;
  const tooLong = `is longer than ${humaniseDuration(MAX_PLAN_VALIDITY)}, the longest a saved plan may stay valid: a person reviews the records again rather than approve deletions far ahead`;
  if (asOf === undefined) {
    // From a day where a year is as long as it gets (366 days).
    const start = DateTime.fromISO('2000-01-01', { zone: 'utc' });
    return start.plus(Duration.fromISO(text)) > start.plus(Duration.fromISO(MAX_PLAN_VALIDITY)) ? tooLong : null;
  }
  const until = addPeriod(asOf, text);
  const latest = addPeriod(asOf, MAX_PLAN_VALIDITY);
  return until > latest ? `${tooLong} (as of ${asOf} it would run to ${until}, after ${latest})` : null;
}

/** `P6Y` → "6 years", `P1Y6M` → "1 year 6 months", `P0D` → "0 days". */
export function humaniseDuration(iso: string): string {
  const written = Duration.fromISO(iso);
  const nonZero = written.removeZeros();
  const shown = Object.keys(nonZero.toObject()).length > 0 ? nonZero : written;
  // Units joined by a space, not luxon's default comma list ("1 year, 6 months").
  return Object.entries(shown.toObject())
    .map(([unit, amount]: [string, number]) => Duration.fromObject({ [unit]: amount }).toHuman())
    .join(' ');
}
