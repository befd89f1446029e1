/**
 * Calendar arithmetic on ISO date text (`YYYY-MM-DD`). The engine compares dates as strings,
 * which orders them correctly, and moves them with integer arithmetic (calendar.ts): no luxon
 * object is built for a date. Luxon is used only where it is the authority: to turn a
 * timestamp into a calendar date in the policy's zone, to read a duration's text once, and
 * for the rare duration that is not in whole calendar units (an `--horizon` of `PT36H`).
 * Every function here is pure and throws a RangeError on input that is not what it promises
 * to take: callers validate inventories first, so a throw means a bug.
 */
import { DateTime, Duration } from 'luxon';
import type { Cutoff } from './types.js';
import { memoise, memoise2 } from './memo.js';
import {
  addPeriodToDay,
  civilDate,
  dayNumber,
  daysInMonth,
  endOfFinancialYear,
  formatDate,
  readDateText,
  type CalendarPeriod,
  type CivilDate,
} from './calendar.js';

const CACHE_LIMIT = 100_000;
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
const LAST_YEAR = 9999;

/** Month and day (1-based) a financial year ends on. */
export interface YearEnd {
  month: number;
  day: number;
}

/** True for a real calendar date (`2023-02-28`, not `2023-02-30`) or a valid ISO 8601 timestamp. */
export function isValidDateText(text: string): boolean {
  return text.length === 10 ? readDateText(text) >= 0 : isValidTimestamp(text);
}

/**
 * The calendar date of an event value in `zone`: date text is already one; a timestamp is
 * read (with its own offset, or in `zone` when it has none) and converted:
 * `2020-06-30T23:30:00Z` in Europe/London is `2020-07-01`.
 */
export function toCalendarDate(text: string, zone: string): string {
  if (text.length !== 10) return timestampDate(zone, text);
  checkedDate(text);
  return text;
}

/** `date` + an ISO 8601 duration; month ends clamp (`2020-02-29` + `P1Y` = `2021-02-28`). */
export function addPeriod(date: string, iso: string): string {
  const ymd = checkedDate(date);
  const period = periodOf(iso);
  if (period === null) return addByLuxon(date, iso);
  return textOfDay(addPeriodToDay(yearOf(ymd), monthOf(ymd), dayOf(ymd), period));
}

/** `date` + `n` calendar days (`n` may be negative). */
export function addDays(date: string, n: number): string {
  const ymd = checkedDate(date);
  return textOfDay(dayNumber(yearOf(ymd), monthOf(ymd), dayOf(ymd)) + n);
}

/**
 * The last day of the period `date` falls in. A financial year ends on `yearEnd` (clamped
 * to the month's length: 02-29 is 02-28 in a common year); a date on the year end is its own.
 */
export function applyCutoff(date: string, cutoff: Cutoff, yearEnd: YearEnd): string {
  const ymd = checkedDate(date);
  const year = yearOf(ymd);
  const month = monthOf(ymd);
  switch (cutoff) {
    case 'end-of-month':
      return formatDate(year, month, daysInMonth(year, month));
    case 'end-of-year':
      return formatDate(year, 12, 31);
    case 'end-of-financial-year':
      return textOfDay(endOfFinancialYear(year, month, dayOf(ymd), yearEnd.month, yearEnd.day));
  }
}

/** `date` read as year * 10000 + month * 100 + day; a RangeError when it is not a calendar date. */
function checkedDate(text: string): number {
  const ymd = readDateText(text);
  if (ymd < 0) throw new RangeError(`"${text}" is not a calendar date`);
  return ymd;
}

const yearOf = (ymd: number) => Math.floor(ymd / 10_000);
const monthOf = (ymd: number) => Math.floor(ymd / 100) % 100;
const dayOf = (ymd: number) => ymd % 100;

/** Reused by textOfDay: one conversion at a time, no object per call. */
const scratch: CivilDate = { year: 0, month: 0, day: 0 };

function textOfDay(days: number): string {
  const { year, month, day } = civilDate(days, scratch);
  return year > LAST_YEAR ? LAST_REPRESENTABLE_DATE : formatDate(year, month, day);
}

const isValidTimestamp = memoise(CACHE_LIMIT, (text: string): boolean => {
  if (!TIMESTAMP_TEXT.test(text)) return false;
  const moment = DateTime.fromISO(text, { setZone: true });
  return moment.isValid && moment.offset >= OFFSET_RANGE.min && moment.offset <= OFFSET_RANGE.max;
});

const timestampDate = memoise2(CACHE_LIMIT, (zone: string, text: string): string => {
  if (!TIMESTAMP_TEXT.test(text)) throw new RangeError(`"${text}" is neither a date nor a timestamp`);
  return isoDateOf(DateTime.fromISO(text, { zone }).setZone(zone), text);
});

const CALENDAR_UNITS = new Set(['years', 'months', 'weeks', 'days']);
/**
 * Larger amounts are cut to this: a billion days or months is already far past year 9999,
 * where every result is LAST_REPRESENTABLE_DATE, and the arithmetic stays exact.
 */
const LARGEST_AMOUNT = 1e9;

/**
 * A duration's whole calendar units, read once per text; null when it has others (hours,
 * quarters, fractions: only an `--horizon` may), which luxon then adds itself.
 */
const periodOf = memoise(CACHE_LIMIT, (iso: string): CalendarPeriod | null => {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) throw new RangeError(`"${iso}" is not an ISO 8601 duration`);
  const units = duration.toObject();
  const whole = Object.entries(units).every(([unit, n]) => CALENDAR_UNITS.has(unit) && Number.isInteger(n));
  if (!whole) return null;
  const amount = (n = 0) => Math.sign(n) * Math.min(Math.abs(n), LARGEST_AMOUNT);
  return { years: amount(units.years), months: amount(units.months), weeks: amount(units.weeks), days: amount(units.days) };
});

function addByLuxon(date: string, iso: string): string {
  return isoDateOf(DateTime.fromISO(date, { zone: 'utc' }).plus(Duration.fromISO(iso)), `${date} + ${iso}`);
}

function isoDateOf(dateTime: DateTime, input: string): string {
  const text = dateTime.toISODate();
  if (text === null) throw new RangeError(`${input}: ${dateTime.invalidExplanation ?? 'not a valid date'}`);
  return dateTime.year > LAST_YEAR ? LAST_REPRESENTABLE_DATE : text;
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
