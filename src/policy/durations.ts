/** Retention durations: ISO 8601 text (`P6Y`, `P18M`, `P1Y6M`, `P30D`), checked and read by luxon. */
import { Duration } from 'luxon';

const CALENDAR_UNITS = new Set(['years', 'quarters', 'months', 'weeks', 'days']);

/**
 * Null when `text` is a usable retention duration, otherwise what is wrong with it.
 * Only whole calendar units are allowed: the engine works on calendar dates, so hours or
 * "1.5 years" would have no exact meaning. Zero is allowed only when `allowZero`.
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
  return null;
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
