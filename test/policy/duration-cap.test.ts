/**
 * One cap on durations everywhere (review finding C4): a policy's `for`, `review.every` and
 * `if_no_event_after` longer than 1000 years are refused when the policy is validated, at their
 * line and column, instead of validating fine and crashing `plan` (exit 70) later.
 */
import { describe, expect, it } from 'vitest';
import { durationProblem, planValidityProblem } from '../../src/policy/durations.js';
import { fixtureText } from '../fixtures.js';
import { errorsOf } from './helpers.js';

describe('durationProblem: at most 1000 years in total', () => {
  it.each(['P1000Y', 'P12000M', 'P999Y11M', 'P52000W', 'P365242D'])('accepts %s', (text) => {
    expect(durationProblem(text, { allowZero: false })).toBeNull();
  });

  it.each(['P1001Y', 'P1000Y1M', 'P12001M', 'P100000000M', 'P99999999999999999999Y', 'P9007199254740993D', 'P999Y100M'])(
    'refuses %s',
    (text) => {
      expect(durationProblem(text, { allowZero: true })).toBe('is longer than 1000 years, the longest a duration may be');
    },
  );
});

describe('planValidityProblem: a saved plan is valid for at most a year', () => {
  it.each(['P30D', 'P1Y', 'P12M', 'P52W', 'P366D'])('accepts %s', (text) => {
    expect(planValidityProblem(text)).toBeNull();
  });

  it.each(['P1Y1D', 'P13M', 'P367D', 'P2Y'])('refuses %s', (text) => {
    expect(planValidityProblem(text)).toMatch(/^is longer than 1 year, the longest a saved plan may stay valid/);
  });

  it.each([
    ['2026-06-30', 'P366D', 'runs past 2027-06-30'],
    ['2026-06-30', 'P1Y1D', 'runs past 2027-06-30'],
    ['2026-06-30', 'P53W', 'runs past 2027-06-30'],
    ['2026-03-15', 'P11M31D', 'runs past 2027-03-15'],
  ])('as of %s, refuses %s: it %s (the cap is on the date reached, whatever the units)', (asOf, text) => {
    expect(planValidityProblem(text, asOf)).toMatch(
      /^is longer than 1 year, the longest a saved plan may stay valid.* \(as of \d{4}-\d{2}-\d{2} it would run to /,
    );
  });

  it.each([
    ['2026-06-30', 'P1Y'],
    ['2026-06-30', 'P12M'],
    ['2026-06-30', 'P365D'],
    ['2026-06-30', 'P52W'],
    // The year from 2027-06-30 has a 29 February: 366 days are one year there.
    ['2027-06-30', 'P366D'],
    ['2028-02-29', 'P1Y'],
  ])('as of %s, accepts %s', (asOf, text) => {
    expect(planValidityProblem(text, asOf)).toBeNull();
  });

  it('refuses zero, what is not a duration, and what is past any cap, as any duration', () => {
    expect(planValidityProblem('P99999Y')).toBe('is longer than 1000 years, the longest a duration may be');
    expect(planValidityProblem('P0D')).toBe('must be longer than zero');
    expect(planValidityProblem('a month')).toBe('is not an ISO 8601 duration');
  });
});

describe('a policy with durations past the cap', () => {
  it('is refused at validation, each duration at its line and column', () => {
    const errors = errorsOf(fixtureText('policy', 'duration-cap', 'huge-durations.yaml'));
    expect(errors.map((e) => [e.code, e.line, e.col, e.message])).toEqual([
      ['policy.bad-duration', 8, 41, 'retain.for "P100000000M" in rule "months" is longer than 1000 years, the longest a duration may be'],
      [
        'policy.bad-duration',
        12,
        41,
        'retain.for "P99999999999999999999Y" in rule "years" is longer than 1000 years, the longest a duration may be',
      ],
      [
        'policy.bad-duration',
        16,
        41,
        'retain.for "P9007199254740993D" in rule "days" is longer than 1000 years, the longest a duration may be',
      ],
      [
        'policy.bad-duration',
        21,
        22,
        'review.every "P100000000M" in rule "review" is longer than 1000 years, the longest a duration may be',
      ],
      ['policy.bad-duration', 25, 41, 'retain.for "P1000Y1D" in rule "trigger" is longer than 1000 years, the longest a duration may be'],
      [
        'policy.bad-duration',
        26,
        34,
        'review.if_no_event_after "P1001Y" in rule "trigger" is longer than 1000 years, the longest a duration may be',
      ],
    ]);
  });
});
