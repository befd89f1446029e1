/**
 * Calendar arithmetic on ISO date text (`YYYY-MM-DD`). The engine compares dates as strings,
 * which orders them correctly, and only turns to luxon, through memo tables, when it has
 * to move a date. Every function here is pure and throws a RangeError on input that is not
 * what it promises to take: callers validate inventories first, so a throw means a bug.
 */
import { DateTime, Duration } from 'luxon';
import type { Cutoff } from './types.js';
import { memoise, memoise2 } from './memo.js';

const CACHE_LIMIT = 100_000;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
/**
 * An ISO 8601 timestamp: hours (00-23), then optionally minutes, seconds and a fraction; then
 * `Z`, an offset (`+01:00`, `+0100`, `+01`) or nothing (the policy's zone). Luxon alone also
 * takes `T24:00` (the next day) and offsets such as `+24:00` or `+99:99`, which would move an
 * event to another calendar day.
 */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3])(?::[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?[0-5]\d)?)?$/;
/** The offsets in use on Earth run from UTC-12:00 to UTC+14:00 (in minutes). */
const OFFSET_RANGE = { min: -12 * 60, max: 14 * 60 } as const;
/**
 * Dates past year 9999 print as `+010000-…`, which sorts BEFORE every ordinary date and would
 * make a record look long overdue. Anything that far out is kept until this day instead.
 */
const LAST_REPRESENTABLE_DATE = '9999-12-31';

/** Month and day (1-based) a financial year ends on. */
export interface YearEnd {
  month: number;
  day: number;
}

/** True for a real calendar date (`2023-02-28`, not `2023-02-30`) or a valid ISO 8601 timestamp. */
export function isValidDateText(text: string): boolean {
  if (DATE_TEXT.test(text)) return isRealDate(text);
  if (!TIMESTAMP_TEXT.test(text)) return false;
  const moment = DateTime.fromISO(text, { setZone: true });
  return moment.isValid && moment.offset >= OFFSET_RANGE.min && moment.offset <= OFFSET_RANGE.max;
}

/**
 * The calendar date of an event value in `zone`: date text is already one; a timestamp is
 * read (with its own offset, or in `zone` when it has none) and converted:
 * `2020-06-30T23:30:00Z` in Europe/London is `2020-07-01`.
 */
export function toCalendarDate(text: string, zone: string): string {
  return text.length === 10 ? checkedDate(text) : timestampDate(zone, text);
}

/** `date` + an ISO 8601 duration; month ends clamp (`2020-02-29` + `P1Y` = `2021-02-28`). */
export function addPeriod(date: string, iso: string): string {
  return periodAdder(iso, date);
}

/** `date` + `n` calendar days (`n` may be negative). */
export function addDays(date: string, n: number): string {
  return dayAdder(n, date);
}

/**
 * The last day of the period `date` falls in. A financial year ends on `yearEnd` (clamped
 * to the month's length: 02-29 is 02-28 in a common year); a date on the year end is its own.
 */
export function applyCutoff(date: string, cutoff: Cutoff, yearEnd: YearEnd): string {
  switch (cutoff) {
    case 'end-of-month':
      return endOfMonth(date);
    case 'end-of-year':
      return endOfYear(date);
    case 'end-of-financial-year':
      return endOfFinancialYear(yearEnd.month * 100 + yearEnd.day, date);
  }
}

function isRealDate(text: string): boolean {
  return DateTime.fromISO(text, { zone: 'utc' }).isValid;
}

const checkedDate = memoise(CACHE_LIMIT, (text: string): string => {
  if (!DATE_TEXT.test(text) || !isRealDate(text)) throw new RangeError(`"${text}" is not a calendar date`);
  return text;
});

const timestampDate = memoise2(CACHE_LIMIT, (zone: string, text: string): string => {
  if (!TIMESTAMP_TEXT.test(text)) throw new RangeError(`"${text}" is neither a date nor a timestamp`);
  return isoDateOf(DateTime.fromISO(text, { zone }).setZone(zone), text);
});

const durationOf = memoise(CACHE_LIMIT, (iso: string): Duration => {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) throw new RangeError(`"${iso}" is not an ISO 8601 duration`);
  return duration;
});

const periodAdder = memoise2(CACHE_LIMIT, (iso: string, date: string) =>
  isoDateOf(parseDate(date).plus(durationOf(iso)), `${date} + ${iso}`),
);

const dayAdder = memoise2(CACHE_LIMIT, (n: number, date: string) =>
  isoDateOf(parseDate(date).plus({ days: n }), `${date} + ${n} days`),
);

const endOfMonth = memoise(CACHE_LIMIT, (date: string) => isoDateOf(parseDate(date).endOf('month'), date));

const endOfYear = memoise(CACHE_LIMIT, (date: string) => isoDateOf(parseDate(date).endOf('year'), date));

/** Keyed by `month * 100 + day` so that a lookup builds no string. */
const endOfFinancialYear = memoise2(CACHE_LIMIT, (yearEndKey: number, date: string) => {
  const yearEnd = { month: Math.floor(yearEndKey / 100), day: yearEndKey % 100 };
  const sameYear = yearEndIn(parseDate(date).year, yearEnd);
  return sameYear >= date ? sameYear : yearEndIn(parseDate(date).year + 1, yearEnd);
});

function yearEndIn(year: number, yearEnd: YearEnd): string {
  const month = DateTime.fromObject({ year, month: yearEnd.month, day: 1 }, { zone: 'utc' });
  const daysInMonth = month.daysInMonth ?? yearEnd.day;
  return isoDateOf(month.set({ day: Math.min(yearEnd.day, daysInMonth) }), `year end ${year}`);
}

function parseDate(date: string): DateTime {
  return DateTime.fromISO(checkedDate(date), { zone: 'utc' });
}

function isoDateOf(dateTime: DateTime, input: string): string {
  const text = dateTime.toISODate();
  if (text === null) throw new RangeError(`${input}: ${dateTime.invalidExplanation ?? 'not a valid date'}`);
  return dateTime.year > 9999 ? LAST_REPRESENTABLE_DATE : text;
}

/**
 * The calendar period from `earlier` to `later` (earlier ≤ later) as ISO 8601 in whole years,
 * months and days, zero units left out: `2025-03-15` → `2026-03-15` is `P1Y`. How a DPO reads
 * "kept one year longer" when a rule goes from P6Y to P7Y.
 */
export function periodBetween(earlier: string, later: string): string {
  const diff = DateTime.fromISO(later, { zone: 'UTC' }).diff(DateTime.fromISO(earlier, { zone: 'UTC' }), ['years', 'months', 'days']);
  const { years = 0, months = 0, days = 0 } = diff.toObject();
  const parts = [years ? `${years}Y` : '', months ? `${months}M` : '', days ? `${Math.round(days)}D` : ''].join('');
  return `P${parts || '0D'}`;
}
