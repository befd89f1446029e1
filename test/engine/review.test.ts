import { describe, expect, test } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { facts, hold, policy, retainFrom, retainUntilEvent, rule } from './builders.js';

describe('review when the trigger never came', () => {
  const lpaNotes = rule('lpa-notes', {
    basis: 'legitimate-interests',
    retain: retainUntilEvent('lpa_registered'),
    review: { every: null, from: [], ifNoEventAfter: 'P12M' },
  });
  const p = policy([lpaNotes]);

  test('owed from the day after created + the period', () => {
    const record = facts({ created: '2023-01-01' });
    expect(decide(p, record, [], '2024-01-01').status).toBe('pending');
    const decision = decide(p, record, [], '2024-01-02');
    expect(decision).toMatchObject({ status: 'review', review: { kind: 'missing-trigger', since: '2024-01-02' } });
    expect(decision.reason).toBe('lpa-notes: lpa_registered not recorded P12M after created 2023-01-01 → review owed since 2024-01-02');
  });

  test('a created timestamp is read as a date in the policy’s timezone', () => {
    const decision = decide(p, facts({ created: '2022-12-31T23:30:00Z' }), [], '2024-06-01');
    expect(decision.review?.since).toBe('2024-01-01');
  });

  test('not owed once the trigger has happened, nor when created is unknown', () => {
    const registered = facts({ created: '2023-01-01', events: { lpa_registered: '2024-03-01' } });
    expect(decide(p, registered, [], '2024-06-01')).toMatchObject({ status: 'due', review: null });
    expect(decide(p, facts({ created: null }), [], '2024-06-01')).toMatchObject({ status: 'pending', review: null });
  });

  test('a trigger dated after as-of has not come yet, so the review is owed', () => {
    const future = facts({ created: '2023-01-01', events: { lpa_registered: '2030-01-01' } });
    expect(decide(p, future, [], '2024-06-01').status).toBe('review');
  });

  test('a hold wins over a review', () => {
    expect(decide(p, facts({ created: '2023-01-01' }), [hold()], '2024-06-01').status).toBe('held');
  });
});

describe('periodic review', () => {
  const voluntary = rule('voluntary-material', {
    basis: 'consent',
    retain: retainFrom('consent_given', 'P3Y'),
    review: { every: 'P1Y', from: ['consent_confirmed', 'consent_given'], ifNoEventAfter: null },
  });
  const p = policy([voluntary]);
  const confirmed = facts({ events: { consent_given: '2022-06-01', consent_confirmed: '2023-01-01' } });

  test('owed once the latest of the review events + every has passed', () => {
    expect(decide(p, confirmed, [], '2024-01-01').status).toBe('retained');
    const decision = decide(p, confirmed, [], '2024-01-02');
    expect(decision).toMatchObject({ status: 'review', review: { kind: 'periodic', since: '2024-01-02' } });
    expect(decision.reason).toBe('voluntary-material: consent_confirmed 2023-01-01 + P1Y → consent review owed since 2024-01-02');
  });

  test('a review event dated after as-of does not count', () => {
    const later = facts({ events: { consent_given: '2022-06-01', consent_confirmed: '2024-01-01' } });
    expect(decide(p, later, [], '2023-08-01')).toMatchObject({ status: 'review', review: { since: '2023-06-02' } });
  });

  test('due wins over review', () => {
    const old = facts({ events: { consent_given: '2019-01-01' } });
    expect(decide(p, old, [], '2024-01-02')).toMatchObject({ status: 'due', review: { kind: 'periodic' } });
  });

  test('a rule on another basis owes a plain review', () => {
    const contract = policy([{ ...voluntary, basis: 'contract' }]);
    expect(decide(contract, confirmed, [], '2024-01-02').reason).toBe(
      'voluntary-material: consent_confirmed 2023-01-01 + P1Y → review owed since 2024-01-02',
    );
  });

  test('when several rules owe a review, the earliest is reported', () => {
    const other = rule('other', {
      retain: retainFrom('consent_given', 'P10Y'),
      review: { every: 'P6M', from: ['consent_given'], ifNoEventAfter: null },
    });
    const decision = decide(policy([voluntary, other]), confirmed, [], '2024-01-02');
    expect(decision).toMatchObject({ status: 'review', rule: 'other', review: { since: '2022-12-02' } });
  });
});
