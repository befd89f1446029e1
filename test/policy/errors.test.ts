/**
 * Policy mistakes, each reported once at its line and column. Each case's policy is its own file
 * in test/fixtures/policy/errors/, named for the case.
 */
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../fixtures.js';
import { errorsOf, load, theError } from './helpers.js';

const fixture = (name: string) => fixtureText('policy', 'errors', `${name}.yaml`);

describe('each mistake is one error at the right line and column', () => {
  it('YAML syntax error (the parser may add follow-on errors; the first is the place)', () => {
    const [error] = errorsOf(fixture('yaml-syntax-error'));
    expect(error).toMatchObject({ code: 'yaml.syntax', file: 'policy.yaml', line: 6, col: 30 });
    expect(error?.message).toMatch(/^YAML syntax error: Flow sequence .* end with a \]$/);
  });

  it('duplicate key, naming the key and its first line', () => {
    expect(theError(fixture('duplicate-key'))).toMatchObject({
      code: 'yaml.duplicate-key',
      line: 9,
      col: 5,
      message: 'duplicate key "basis" (first written at line 7)',
    });
  });

  it('unknown top-level key', () => {
    const error = theError(fixture('unknown-top-level-key'));
    expect(error).toMatchObject({ code: 'policy.unknown-key', line: 4, col: 1, message: 'unknown key "timezones" at the top level' });
    expect(error.hint).toContain('did you mean "timezone"?');
  });

  it('unknown key in a rule, with the allowed keys and a did-you-mean', () => {
    const [missing, unknown] = errorsOf(fixture('unknown-key-in-rule'));
    expect(unknown).toMatchObject({ code: 'policy.unknown-key', line: 8, col: 5, message: 'unknown key "retian" in rule "care-records"' });
    expect(unknown?.hint).toBe(
      'did you mean "retain"? allowed keys here: id, title, source, match, basis, retain, erase_on, hold_while, review, approval',
    );
    // Without `retain` the rule is incomplete too; that is said once, at the rule.
    expect(missing).toMatchObject({ code: 'policy.missing-key', line: 5, col: 5, message: 'missing key "retain" in rule "care-records"' });
  });

  it('unknown key in retain', () => {
    const error = theError(fixture('unknown-key-in-retain'));
    expect(error).toMatchObject({
      code: 'policy.unknown-key',
      line: 11,
      col: 7,
      message: 'unknown key "cuttoff" in retain of rule "care-records"',
    });
    expect(error.hint).toContain('did you mean "cutoff"?');
  });

  it('bad duration', () => {
    const error = theError(fixture('bad-duration'));
    expect(error).toMatchObject({
      code: 'policy.bad-duration',
      line: 8,
      col: 41,
      message: 'retain.for "6 years" in rule "care-records" is not an ISO 8601 duration',
      hint: 'use ISO 8601 like P6Y, P18M, P1Y6M, P30D',
    });
  });

  it('a zero review period', () => {
    expect(theError(fixture('zero-review-period'))).toMatchObject({
      code: 'policy.bad-duration',
      line: 9,
      col: 22,
      message: 'review.every "P0D" in rule "a" must be longer than zero',
    });
  });

  it('duplicate rule id, pointing at the second and naming the first line', () => {
    expect(theError(fixture('duplicate-rule-id'))).toMatchObject({
      code: 'policy.duplicate-rule-id',
      line: 9,
      col: 9,
      message: 'duplicate rule id "a" (first used at line 5)',
    });
  });

  it('unknown basis, as one message listing the bases', () => {
    expect(theError(fixture('unknown-basis'))).toMatchObject({
      code: 'policy.not-one-of',
      line: 7,
      col: 12,
      message:
        'basis "contractual" in rule "care-records" is not one of consent, contract, legal-obligation, vital-interests, public-task, legitimate-interests',
    });
  });

  it('unknown timezone, with a suggestion', () => {
    const error = theError(fixture('unknown-timezone'));
    expect(error).toMatchObject({
      code: 'policy.unknown-timezone',
      line: 3,
      col: 11,
      message: 'timezone "Europe/Londn" is not a known IANA time zone',
    });
    expect(error.hint).toBe('did you mean "Europe/London"?');
  });

  it('bad cutoff', () => {
    expect(theError(fixture('bad-cutoff'))).toMatchObject({
      code: 'policy.not-one-of',
      line: 8,
      col: 54,
      message: 'retain.cutoff "end-of-week" in rule "a" is not one of end-of-month, end-of-year, end-of-financial-year',
    });
  });

  it('from without for', () => {
    expect(theError(fixture('from-without-for'))).toMatchObject({
      code: 'policy.retain-form',
      line: 9,
      col: 7,
      message: 'retain in rule "a" has "from" but no "for"',
    });
  });

  it('an event name that is not an identifier', () => {
    const error = theError(fixture('event-name-not-an-identifier'));
    expect(error).toMatchObject({
      code: 'policy.bad-name',
      line: 9,
      col: 35,
      message: 'event name "consent withdrawn" in erase_on of rule "a" is not a plain identifier',
    });
    expect(error.hint).toContain('letters, digits and "_"');
  });

  it('version 2', () => {
    expect(theError(fixture('version-2'))).toMatchObject({
      code: 'policy.wrong-value',
      line: 1,
      col: 10,
      message: 'version must be 1, not 2',
    });
  });

  it('financial_year_end that is not a real day', () => {
    expect(theError(fixture('financial-year-end-not-a-day'))).toMatchObject({
      code: 'policy.bad-financial-year-end',
      line: 4,
      col: 21,
      message: 'financial_year_end "02-30" is not a real day of the year',
    });
  });

  it('if_no_event_after on a rule that keeps indefinitely', () => {
    expect(theError(fixture('if-no-event-after-keeping-indefinitely'))).toMatchObject({
      code: 'policy.review-form',
      line: 9,
      col: 15,
      message: 'review.if_no_event_after in rule "a" needs a retain that waits for an event',
    });
  });
});

describe('a file with several mistakes', () => {
  it('reports all of them at once, sorted by line, and compiles nothing', () => {
    const result = load(fixture('several-mistakes'));
    expect(result.policy).toBeNull();
    expect(result.problems.map((p) => `${p.line}:${p.col} ${p.severity} ${p.message.split(' ').slice(0, 3).join(' ')}`)).toEqual([
      '3:11 error timezone "Mars/Olympus" is',
      '7:12 error basis "contractual" in',
      '9:5 error unknown key "retian"',
      '13:41 error retain.for "three years"',
      '14:9 error duplicate rule id',
      '17:13 error retain "forever" in',
    ]);
  });

  it('keeps the same mistake in two rules apart', () => {
    const errors = errorsOf(fixture('same-mistake-in-two-rules'));
    expect(errors.map((e) => `${e.line}:${e.col} ${e.message}`)).toEqual([
      '6:24 match.category 5 in rule "a" must be a category name or a list of category names',
      '7:13 retain "forever" in rule "a" must be "indefinitely" or a mapping such as { from: service_ended, for: P6Y } or { until: lpa_registered }',
      '9:24 match.category in rule "b" must not be an empty list',
      '10:34 unknown key "fro" in retain of rule "b"',
    ]);
  });
});

describe('hostile YAML', () => {
  it('reports an alias bomb as an error instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const result = load(lines.join('\n'));
    expect(result.policy).toBeNull();
    expect(result.problems[0]).toMatchObject({ code: 'yaml.unreadable', severity: 'error', line: 1, col: 1 });
    expect(result.problems[0]?.message).toMatch(/^YAML cannot be read: /);
  });
});
