/**
 * The engine's integer calendar (calendar.ts through dates.ts) against luxon, the reference it
 * replaced on the hot path (issue 10): for every date from 0000-01-01 to 9999-12-31 and every
 * duration a policy can write (whole years, months, weeks and days, alone or combined, far
 * past year 9999), the same text out. The suite runs CALENDAR_RUNS cases per property
 * (2,000 unless set); `npm run test:calendar` runs 100,000 of each.
 */
import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import { describe, expect, test } from 'vitest';
import { addDays, addPeriod, applyCutoff, isValidDateText, toCalendarDate, type YearEnd } from '../../src/engine/dates.js';
import type { Cutoff } from '../../src/engine/types.js';

const RUNS = Number(process.env.CALENDAR_RUNS ?? 2_000);
const PROPERTY = { numRuns: RUNS, seed: Number(process.env.CALENDAR_SEED ?? 20_251_130) };
const LAST_DAY = '9999-12-31';

// ---- The reference: luxon, as the engine used it before issue 10 ----

const utc = (date: string) => DateTime.fromISO(date, { zone: 'utc' });

/** luxon's text of a result, with the engine's rule for years past 9999. */
function luxonText(moment: DateTime): string {
  expect(moment.isValid).toBe(true);
  return moment.year > 9999 ? LAST_DAY : (moment.toISODate() as string);
}

function luxonCutoff(date: string, cutoff: Cutoff, yearEnd: YearEnd): string {
  const moment = utc(date);
  if (cutoff === 'end-of-month') return luxonText(moment.endOf('month'));
  if (cutoff === 'end-of-year') return luxonText(moment.endOf('year'));
  const endIn = (year: number) => {
    const month = DateTime.fromObject({ year, month: yearEnd.month, day: 1 }, { zone: 'utc' });
    return luxonText(month.set({ day: Math.min(yearEnd.day, month.daysInMonth ?? yearEnd.day) }));
  };
  const sameYear = endIn(moment.year);
  return sameYear >= date ? sameYear : endIn(moment.year + 1);
}

// ---- Generators ----

/** Every real date of years 0000-9999, as text (the day is clamped into its month by luxon). */
const anyDate = fc
  .record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => {
    const first = DateTime.fromObject({ year, month, day: 1 }, { zone: 'utc' });
    return first.set({ day: Math.min(day, first.daysInMonth ?? 28) }).toISODate() as string;
  });

/** Month ends and leap days are where clamping happens: generated often on their own. */
const edgeDate = fc
  .record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), back: fc.integer({ min: 0, max: 3 }) })
  .map(
    ({ year, month, back }) =>
      utc(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`)
        .endOf('month')
        .minus({ days: back })
        .toISODate() as string,
  );

const date = fc.oneof(anyDate, edgeDate);

/** An amount of one unit: mostly small (what policies write), sometimes far past year 9999. */
const amount = (large: number) => fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: large }));

/** `P…` with any non-empty subset of years, months, weeks and days. */
const duration = fc
  .record({ Y: amount(12_000), M: amount(150_000), W: amount(600_000), D: amount(4_000_000) }, { requiredKeys: [] })
  .filter((parts) => Object.keys(parts).length > 0)
  .map((parts) => `P${(['Y', 'M', 'W', 'D'] as const).map((unit) => (parts[unit] === undefined ? '' : `${parts[unit]}${unit}`)).join('')}`);

const yearEnd = fc
  .record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ month, day }) => ({ month, day: Math.min(day, DateTime.fromObject({ year: 2020, month }).daysInMonth ?? 28) }));

const cutoff = fc.constantFrom<Cutoff>('end-of-month', 'end-of-year', 'end-of-financial-year');

// ---- Properties ----

describe(`the integer calendar equals luxon (${RUNS} cases per property)`, () => {
  test('date + duration', () => {
    fc.assert(
      fc.property(date, duration, (from, iso) => {
        expect(addPeriod(from, iso)).toBe(luxonText(utc(from).plus(Duration.fromISO(iso))));
      }),
      PROPERTY,
    );
  });

  test('date + days, forwards and backwards (before year 0 too)', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -4_000_000, max: 4_000_000 }), (from, n) => {
        expect(addDays(from, n)).toBe(luxonText(utc(from).plus({ days: n })));
      }),
      PROPERTY,
    );
  });

  test('cutoffs, for every financial year end', () => {
    fc.assert(
      fc.property(date, cutoff, yearEnd, (from, kind, end) => {
        expect(applyCutoff(from, kind, end)).toBe(luxonCutoff(from, kind, end));
      }),
      PROPERTY,
    );
  });

  test('what is a calendar date', () => {
    const digit = fc.constantFrom(...'0123456789');
    const dateLike = fc
      .tuple(
        fc.array(digit, { minLength: 4, maxLength: 4 }),
        fc.array(digit, { minLength: 2, maxLength: 2 }),
        fc.array(digit, { minLength: 2, maxLength: 2 }),
      )
      .map(([y, m, d]) => `${y.join('')}-${m.join('')}-${d.join('')}`);
    fc.assert(
      fc.property(fc.oneof(dateLike, date, fc.string({ minLength: 10, maxLength: 10 })), (text) => {
        const real = /^\d{4}-\d{2}-\d{2}$/.test(text) && utc(text).isValid;
        expect(isValidDateText(text)).toBe(real);
        if (real) expect(toCalendarDate(text, 'Europe/London')).toBe(text);
        else expect(() => toCalendarDate(text, 'Europe/London')).toThrow(RangeError);
      }),
      PROPERTY,
    );
  });
});

describe('beyond what luxon can represent', () => {
  test('a duration of billions of years keeps the record until the last representable day, where luxon gave no date', () => {
    expect(utc('2020-01-01').plus(Duration.fromISO('P300000Y')).isValid).toBe(false);
    expect(addPeriod('2020-01-01', 'P300000Y')).toBe(LAST_DAY);
    expect(addPeriod('2020-01-01', 'P99999999999999999999D')).toBe(LAST_DAY);
  });

  test('a duration that is not in whole calendar units (an --horizon of hours) is added by luxon', () => {
    expect(addPeriod('2020-01-01', 'PT36H')).toBe('2020-01-02');
    expect(addPeriod('2020-01-31', 'P1.5M')).toBe(luxonText(utc('2020-01-31').plus(Duration.fromISO('P1.5M'))));
  });
});
