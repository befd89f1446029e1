/**
 * The proleptic Gregorian calendar on plain integers: what the engine's date arithmetic
 * (dates.ts) runs on. Nothing here allocates an object: a million-record plan moves millions
 * of dates, and building a luxon DateTime for each was most of its cost. Luxon stays the
 * reference: test/engine/calendar-properties.test.ts holds every function here equal to it
 * over every date from 0000-01-01 to 9999-12-31 and every duration a policy can write.
 *
 * A day is numbered from 1970-01-01 (day 0), like a Unix timestamp divided by 86,400 s; the
 * conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`.
 */

/** A whole-unit ISO 8601 duration as a policy may write it (`P1Y6M`, `P2W`, `P30D`). */
export interface CalendarPeriod {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** The day number of year-month-day (month 1-12, day 1-31; any whole year). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The date of a day number, written through `into` (reused by the caller: no object per call).
 * Returns `into`.
 */
export function civilDate(days: number, into: CivilDate): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  into.day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  into.month = mp < 10 ? mp + 3 : mp - 9;
  into.year = yearOfEra + era * 400 + (into.month <= 2 ? 1 : 0);
  return into;
}

/** A mutable year-month-day, for callers that convert in a loop without allocating. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/**
 * The day number of (year, month, day) + `period`, as luxon's `plus` computes it: years and
 * months first, the day clamped to the length of the month reached (2020-02-29 + P1Y =
 * 2021-02-28), then weeks and days.
 */
export function addPeriodToDay(year: number, month: number, day: number, period: CalendarPeriod): number {
  const months = year * 12 + (month - 1) + period.years * 12 + period.months;
  const toYear = Math.floor(months / 12);
  const toMonth = months - toYear * 12 + 1;
  const clamped = Math.min(day, daysInMonth(toYear, toMonth));
  return dayNumber(toYear, toMonth, clamped) + period.weeks * 7 + period.days;
}

/**
 * The last day of the financial year that (year, month, day) falls in, as a day number: the
 * year ends on `endMonth`/`endDay`, clamped to the month's length (02-29 is 02-28 in a common
 * year); a date on the year end is its own.
 */
export function endOfFinancialYear(year: number, month: number, day: number, endMonth: number, endDay: number): number {
  const sameYear = Math.min(endDay, daysInMonth(year, endMonth));
  const onOrBefore = month < endMonth || (month === endMonth && day <= sameYear);
  if (onOrBefore) return dayNumber(year, endMonth, sameYear);
  return dayNumber(year + 1, endMonth, Math.min(endDay, daysInMonth(year + 1, endMonth)));
}

const ZERO = 48; // '0'
const DASH = 45; // '-'

/**
 * `YYYY-MM-DD` text read as year * 10000 + month * 100 + day, or -1 when it is not a real
 * calendar date of years 0000-9999 (`2023-02-30`, `2023-1-05`, anything that is not 10 characters).
 */
export function readDateText(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return -1;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return year * 10_000 + month * 100 + day;
}

/** The number written by `count` decimal digits at `start`, or -1 when one is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

/**
 * ISO 8601 text of a date, as luxon's `toISODate` writes it: `YYYY-MM-DD` for years 0-9999,
 * and a sign with six digits outside them (`+010000-01-01`, `-000001-12-31`).
 */
export function formatDate(year: number, month: number, day: number): string {
  const yearText =
    year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
  return `${yearText}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}`;
}
