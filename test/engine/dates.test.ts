import { describe, expect, test } from 'vitest';
import { addDays, addPeriod, applyCutoff, isValidDateText, toCalendarDate } from '../../src/engine/dates.js';

const LONDON = 'Europe/London';
const MARCH_31 = { month: 3, day: 31 };

describe('toCalendarDate', () => {
  test('date text is already a calendar date', () => {
    expect(toCalendarDate('2020-06-30', LONDON)).toBe('2020-06-30');
  });

  test('British Summer Time: 23:00Z is already the next day in London', () => {
    expect(toCalendarDate('2020-06-30T22:59:59Z', LONDON)).toBe('2020-06-30');
    expect(toCalendarDate('2020-06-30T23:00:00Z', LONDON)).toBe('2020-07-01');
    expect(toCalendarDate('2020-06-30T23:30:00Z', LONDON)).toBe('2020-07-01');
  });

  test('winter (GMT): the day changes at midnight UTC', () => {
    expect(toCalendarDate('2020-01-15T23:59:59Z', LONDON)).toBe('2020-01-15');
    expect(toCalendarDate('2020-01-16T00:00:00Z', LONDON)).toBe('2020-01-16');
  });

  test('a timestamp with its own offset, or none, is read correctly', () => {
    expect(toCalendarDate('2020-06-30T23:30:00+02:00', LONDON)).toBe('2020-06-30');
    expect(toCalendarDate('2020-07-01T00:30:00+01:00', LONDON)).toBe('2020-07-01');
    expect(toCalendarDate('2020-06-30T23:30:00', LONDON)).toBe('2020-06-30');
  });

  test('the zone matters for timestamps only', () => {
    expect(toCalendarDate('2020-06-30T23:30:00Z', 'America/New_York')).toBe('2020-06-30');
    expect(toCalendarDate('2020-06-30', 'America/New_York')).toBe('2020-06-30');
  });

  test('text that is not a date is refused, every time it is asked', () => {
    expect(() => toCalendarDate('2023-02-30', LONDON)).toThrow(RangeError);
    expect(() => toCalendarDate('2023-02-30', LONDON)).toThrow(RangeError);
    expect(() => toCalendarDate('yesterday', LONDON)).toThrow(RangeError);
    expect(() => toCalendarDate('2020-06-30T25:00:00Z', LONDON)).toThrow(RangeError);
  });
});

describe('addPeriod', () => {
  test('29 February clamps to 28 February in common years', () => {
    expect(addPeriod('2020-02-29', 'P1Y')).toBe('2021-02-28');
    expect(addPeriod('2020-02-29', 'P6Y')).toBe('2026-02-28');
    expect(addPeriod('2020-02-29', 'P4Y')).toBe('2024-02-29');
  });

  test('month ends clamp', () => {
    expect(addPeriod('2021-01-31', 'P1M')).toBe('2021-02-28');
    expect(addPeriod('2020-01-31', 'P1M')).toBe('2020-02-29');
    expect(addPeriod('2026-01-31', 'P1M')).toBe('2026-02-28');
  });

  test('years, months, combined and day durations', () => {
    expect(addPeriod('2019-03-15', 'P6Y')).toBe('2025-03-15');
    expect(addPeriod('2019-03-15', 'P18M')).toBe('2020-09-15');
    expect(addPeriod('2019-03-15', 'P1Y6M')).toBe('2020-09-15');
    expect(addPeriod('2019-03-15', 'P30D')).toBe('2019-04-14');
    expect(addPeriod('2019-03-15', 'P0D')).toBe('2019-03-15');
  });

  test('a result past year 9999 is kept until the last representable day, never sorted as overdue', () => {
    expect(addPeriod('2020-01-01', 'P9000Y')).toBe('9999-12-31');
  });

  test('a duration that does not parse is refused', () => {
    expect(() => addPeriod('2020-01-01', '6 years')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  test('crosses month, leap day and year boundaries', () => {
    expect(addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(addDays('2020-03-01', -1)).toBe('2020-02-29');
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
  });

  test('a day is a calendar day, also on the day clocks change', () => {
    expect(addDays('2020-03-29', 1)).toBe('2020-03-30');
    expect(addDays('2020-10-25', 1)).toBe('2020-10-26');
  });
});

describe('applyCutoff', () => {
  test('end-of-month', () => {
    expect(applyCutoff('2021-02-10', 'end-of-month', MARCH_31)).toBe('2021-02-28');
    expect(applyCutoff('2020-02-10', 'end-of-month', MARCH_31)).toBe('2020-02-29');
    expect(applyCutoff('2020-01-31', 'end-of-month', MARCH_31)).toBe('2020-01-31');
  });

  test('end-of-year', () => {
    expect(applyCutoff('2020-01-01', 'end-of-year', MARCH_31)).toBe('2020-12-31');
    expect(applyCutoff('2020-12-31', 'end-of-year', MARCH_31)).toBe('2020-12-31');
  });

  test('end-of-financial-year, default 31 March: the first year end on or after the date', () => {
    expect(applyCutoff('2019-03-10', 'end-of-financial-year', MARCH_31)).toBe('2019-03-31');
    expect(applyCutoff('2019-03-31', 'end-of-financial-year', MARCH_31)).toBe('2019-03-31');
    expect(applyCutoff('2019-04-01', 'end-of-financial-year', MARCH_31)).toBe('2020-03-31');
    expect(applyCutoff('2019-12-25', 'end-of-financial-year', MARCH_31)).toBe('2020-03-31');
  });

  test('end-of-financial-year with a custom year end', () => {
    const june30 = { month: 6, day: 30 };
    expect(applyCutoff('2019-06-30', 'end-of-financial-year', june30)).toBe('2019-06-30');
    expect(applyCutoff('2019-07-01', 'end-of-financial-year', june30)).toBe('2020-06-30');
    expect(applyCutoff('2019-01-01', 'end-of-financial-year', { month: 12, day: 31 })).toBe('2019-12-31');
  });

  test('a 29 February year end is 28 February in common years', () => {
    const feb29 = { month: 2, day: 29 };
    expect(applyCutoff('2021-01-10', 'end-of-financial-year', feb29)).toBe('2021-02-28');
    expect(applyCutoff('2024-01-10', 'end-of-financial-year', feb29)).toBe('2024-02-29');
    expect(applyCutoff('2021-03-01', 'end-of-financial-year', feb29)).toBe('2022-02-28');
  });
});

describe('isValidDateText', () => {
  test('real calendar dates only', () => {
    expect(isValidDateText('2023-02-28')).toBe(true);
    expect(isValidDateText('2024-02-29')).toBe(true);
    expect(isValidDateText('2023-02-29')).toBe(false);
    expect(isValidDateText('2023-02-30')).toBe(false);
    expect(isValidDateText('2023-13-01')).toBe(false);
  });

  test('ISO timestamps with or without offset', () => {
    expect(isValidDateText('2020-06-30T23:30:00Z')).toBe(true);
    expect(isValidDateText('2020-06-30T23:30:00+01:00')).toBe(true);
    expect(isValidDateText('2020-06-30T23:30')).toBe(true);
    expect(isValidDateText('2020-06-30T25:00:00Z')).toBe(false);
  });

  test('refuses a timestamp whose hour or offset luxon would quietly carry into another day', () => {
    for (const text of [
      '2020-01-01T00:00:00+24:00',
      '2020-01-01T00:00:00+14:01',
      '2020-01-01T00:00:00-12:30',
      '2020-01-01T00:00:00+99:99',
      '2020-01-01T24:00:00Z',
      '2020-01-01T00:00:00+05:60',
    ]) {
      expect(isValidDateText(text), text).toBe(false);
    }
    for (const text of [
      '2020-01-01T00:00:00+14:00',
      '2020-01-01T00:00:00-12:00',
      '2020-01-01T00:00:00+0530',
      '2020-01-01T09:30:00,5Z',
      '2020-01-01T09',
    ]) {
      expect(isValidDateText(text), text).toBe(true);
    }
  });

  test('other text, including other ISO forms, is not a date', () => {
    for (const text of ['', '30/06/2020', '2020-6-30', '2020-W01-1', '2020-123', '2020', 'yesterday']) {
      expect(isValidDateText(text), text).toBe(false);
    }
  });
});
