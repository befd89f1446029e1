import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../fixtures.js';
import { DESIGN_EXAMPLE, errorsOf, load } from './helpers.js';

const fixture = (name: string) => fixtureText('policy', 'compile', `${name}.yaml`);

describe('a valid policy', () => {
  it('compiles the DESIGN example with only the missing-basis warning for "comments"', () => {
    const result = load(DESIGN_EXAMPLE);
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', line: 23, col: 5, message: 'rule "comments" has no basis' }),
    ]);
    expect(result.policy).not.toBeNull();
    expect(result.document?.organisation).toBe('Leading Lives');
    expect(result.sha256).toBe(createHash('sha256').update(DESIGN_EXAMPLE, 'utf8').digest('hex'));
  });

  it('fills in the defaults and normalises every form of retain', () => {
    const policy = load(DESIGN_EXAMPLE).policy!;
    expect(policy.organisation).toBe('Leading Lives');
    expect(policy.timezone).toBe('Europe/London');
    expect(policy.financialYearEnd).toEqual({ month: 3, day: 31 });
    expect(policy.rules.map((r) => r.approval)).toEqual(['required', 'required', 'required', 'required']);

    const [care, voluntary, lpa, comments] = policy.rules;
    expect(care).toEqual({
      id: 'care-records',
      title: 'Customer care records',
      source: 'Privacy notice 2.4: six years after you have stopped having a service',
      categories: ['care-plan', 'health', 'finance', 'incident'],
      basis: 'contract',
      retain: { kind: 'after-event', event: 'service_ended', period: 'P6Y', cutoff: null, form: 'from' },
      eraseOn: [],
      holdWhile: [],
      review: null,
      approval: 'required',
    });
    expect(voluntary?.eraseOn).toEqual(['consent_withdrawn']);
    expect(voluntary?.review).toEqual({ every: 'P1Y', from: ['consent_confirmed', 'consent_given'], ifNoEventAfter: null });
    expect(lpa?.categories).toEqual(['lpa-capacity-notes']);
    expect(lpa?.retain).toEqual({ kind: 'after-event', event: 'lpa_registered', period: 'P0D', cutoff: null, form: 'until' });
    expect(lpa?.holdWhile).toEqual(['objection_possible']);
    expect(lpa?.review).toEqual({ every: null, from: [], ifNoEventAfter: 'P12M' });
    expect(comments?.retain).toEqual({ kind: 'indefinitely' });
    expect(comments?.basis).toBeNull();
    expect(comments?.title).toBeNull();
  });

  it('takes approval from the rule, else from the policy, and keeps cutoff and financial year end', () => {
    const policy = load(fixture('approval-cutoff-and-financial-year')).policy!;
    expect(policy.financialYearEnd).toEqual({ month: 2, day: 29 });
    expect(policy.rules.map((r) => r.approval)).toEqual(['automatic', 'required']);
    expect(policy.rules[0]?.retain).toEqual({
      kind: 'after-event',
      event: 'created',
      period: 'P0D',
      cutoff: 'end-of-financial-year',
      form: 'from',
    });
    expect(policy.rules[1]?.retain).toEqual({
      kind: 'after-event',
      event: 'consent_withdrawn',
      period: 'P0D',
      cutoff: 'end-of-month',
      form: 'until',
    });
  });

  it('accepts a category matched by several rules', () => {
    expect(errorsOf(fixture('category-in-two-rules'))).toEqual([]);
  });
});

describe('warnings', () => {
  it('warns, without failing, when a legal-obligation rule erases on erasure_requested', () => {
    const result = load(fixture('legal-obligation-erased-on-request'));
    expect(result.policy).not.toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: 'warning', line: 9, col: 35 });
    expect(result.problems[0]?.message).toContain('rule "payroll" has basis legal-obligation');
  });

  it('does not warn when a consent rule erases on erasure_requested', () => {
    const result = load(fixture('consent-erased-on-request'));
    expect(result.problems).toEqual([]);
  });
});
