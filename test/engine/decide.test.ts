import { describe, expect, test } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { INDEFINITELY, facts, hold, policy, retainFrom, retainUntilEvent, rule } from './builders.js';

const careRecords = rule('care-records');
const lpaNotes = rule('lpa-notes', {
  categories: ['lpa-capacity-notes'],
  basis: 'legitimate-interests',
  retain: retainUntilEvent('lpa_registered'),
});
const comments = rule('comments', { categories: ['web-comment'], basis: null, retain: INDEFINITELY });

describe('after-event retention', () => {
  test('trigger + period has passed: due, with the arithmetic in the reason', () => {
    const decision = decide(policy([careRecords]), facts({ events: { service_ended: '2019-03-15' } }), [], '2025-06-01');
    expect(decision).toMatchObject({
      id: 'R-1',
      subject: 'S-1',
      category: 'care-plan',
      status: 'due',
      rule: 'care-records',
      rules: ['care-records'],
      trigger: { event: 'service_ended', date: '2019-03-15' },
      retainUntil: '2025-03-15',
      eligibleFrom: '2025-03-16',
      approval: 'required',
      location: 'casefiles:client-1/plan.pdf',
      erasure: null,
      review: null,
    });
    expect(decision.reason).toBe('care-records: service_ended 2019-03-15 + P6Y → kept until 2025-03-15; due since 2025-03-16');
    expect(decision.evaluations[0]?.note).toBe(decision.reason);
  });

  test('retainUntil is the last day kept: due only from the next day', () => {
    const p = policy([careRecords]);
    const record = facts({ events: { service_ended: '2019-03-15' } });
    expect(decide(p, record, [], '2025-03-15').status).toBe('retained');
    expect(decide(p, record, [], '2025-03-16').status).toBe('due');
  });

  test('not yet due: retained, and the reason says when it becomes eligible', () => {
    const decision = decide(policy([careRecords]), facts({ events: { service_ended: '2025-03-15' } }), [], '2025-06-01');
    expect(decision.status).toBe('retained');
    expect(decision.reason).toBe('care-records: service_ended 2025-03-15 + P6Y → kept until 2031-03-15; eligible from 2031-03-16');
  });

  test('29 February trigger: + P6Y ends on 28 February', () => {
    const decision = decide(policy([careRecords]), facts({ events: { service_ended: '2020-02-29' } }), [], '2026-03-01');
    expect(decision).toMatchObject({ status: 'due', retainUntil: '2026-02-28', eligibleFrom: '2026-03-01' });
  });

  test('end-of-financial-year cutoff, default year end 31 March', () => {
    const fy = rule('care-records', { retain: retainFrom('service_ended', 'P6Y', 'end-of-financial-year') });
    const decision = decide(policy([fy]), facts({ events: { service_ended: '2019-03-10' } }), [], '2025-06-01');
    expect(decision).toMatchObject({ status: 'due', retainUntil: '2025-03-31', eligibleFrom: '2025-04-01' });
    expect(decision.evaluations[0]?.cutoffDate).toBe('2019-03-31');
    expect(decision.reason).toBe(
      'care-records: service_ended 2019-03-10 → end-of-financial-year 2019-03-31 + P6Y → kept until 2025-03-31; due since 2025-04-01',
    );
  });

  test('end-of-financial-year cutoff with the policy’s own year end', () => {
    const fy = rule('care-records', { retain: retainFrom('service_ended', 'P6Y', 'end-of-financial-year') });
    const p = policy([fy], { financialYearEnd: { month: 6, day: 30 } });
    const decision = decide(p, facts({ events: { service_ended: '2019-07-01' } }), [], '2025-06-01');
    expect(decision).toMatchObject({ status: 'retained', retainUntil: '2026-06-30' });
    expect(decision.evaluations[0]?.cutoffDate).toBe('2020-06-30');
  });

  test('end-of-month and end-of-year cutoffs', () => {
    const month = rule('monthly', { retain: retainFrom('service_ended', 'P1M', 'end-of-month') });
    const year = rule('yearly', { retain: retainFrom('service_ended', 'P1Y', 'end-of-year') });
    const record = facts({ events: { service_ended: '2021-01-10' } });
    expect(decide(policy([month]), record, [], '2021-06-01').retainUntil).toBe('2021-02-28');
    expect(decide(policy([year]), record, [], '2021-06-01').retainUntil).toBe('2022-12-31');
  });

  test('a timestamp trigger is a calendar date in the policy’s timezone (BST)', () => {
    const p = policy([careRecords]);
    const before = decide(p, facts({ events: { service_ended: '2019-06-30T22:59:59Z' } }), [], '2025-06-01');
    const after = decide(p, facts({ events: { service_ended: '2019-06-30T23:00:00Z' } }), [], '2025-06-01');
    expect(before.trigger.date).toBe('2019-06-30');
    expect(before.retainUntil).toBe('2025-06-30');
    expect(after.trigger.date).toBe('2019-07-01');
    expect(after.retainUntil).toBe('2025-07-01');
  });

  test('the record’s own event wins over its subject’s; the subject’s is used when the record has none', () => {
    const p = policy([careRecords]);
    const own = decide(p, facts({ events: { service_ended: '2019-03-15' } }, { service_ended: '2010-01-01' }), [], '2025-06-01');
    const inherited = decide(p, facts({}, { service_ended: '2010-01-01' }), [], '2025-06-01');
    expect(own.retainUntil).toBe('2025-03-15');
    expect(inherited.retainUntil).toBe('2016-01-01');
  });

  test('an event dated after as-of has not happened yet', () => {
    const p = policy([careRecords]);
    const record = facts({ events: { service_ended: '2026-01-01' } });
    expect(decide(p, record, [], '2025-06-01')).toMatchObject({ status: 'pending', retainUntil: null, eligibleFrom: null });
    expect(decide(p, record, [], '2032-01-02')).toMatchObject({ status: 'due', retainUntil: '2032-01-01' });
  });

  test('an empty event value is not an event', () => {
    expect(decide(policy([careRecords]), facts({ events: { service_ended: '' } }), [], '2025-06-01').status).toBe('pending');
  });

  test('approval comes from the governing rule', () => {
    const automatic = rule('care-records', { approval: 'automatic' });
    expect(decide(policy([automatic]), facts({ events: { service_ended: '2019-03-15' } }), [], '2025-06-01').approval).toBe('automatic');
  });
});

describe('until-event retention', () => {
  const p = policy([lpaNotes]);

  test('kept until the event’s day, due the day after', () => {
    const decision = decide(p, facts({ category: 'lpa-capacity-notes', events: { lpa_registered: '2024-01-10' } }), [], '2024-06-01');
    expect(decision).toMatchObject({ status: 'due', retainUntil: '2024-01-10', eligibleFrom: '2024-01-11' });
    expect(decision.reason).toBe('lpa-notes: lpa_registered 2024-01-10 → kept until 2024-01-10; due since 2024-01-11');
  });

  test('the event has not happened: pending', () => {
    const decision = decide(p, facts({ category: 'lpa-capacity-notes' }), [], '2024-06-01');
    expect(decision).toMatchObject({
      status: 'pending',
      rule: 'lpa-notes',
      trigger: { event: 'lpa_registered', date: null },
      retainUntil: null,
      eligibleFrom: null,
    });
    expect(decision.reason).toBe('lpa-notes: waiting for lpa_registered; kept until it happens');
  });
});

describe('indefinite and unmatched', () => {
  test('indefinitely: kept indefinitely', () => {
    const decision = decide(policy([comments]), facts({ category: 'web-comment' }), [], '2024-06-01');
    expect(decision).toMatchObject({
      status: 'indefinite',
      rule: 'comments',
      trigger: { event: null, date: null },
      retainUntil: null,
      eligibleFrom: null,
    });
    expect(decision.reason).toBe('comments: kept indefinitely');
  });

  test('no rule matches: unmatched, kept and reported', () => {
    const decision = decide(policy([careRecords, comments]), facts({ category: 'xyz' }), [], '2024-06-01');
    expect(decision).toMatchObject({
      status: 'unmatched',
      rule: null,
      rules: [],
      trigger: { event: null, date: null },
      retainUntil: null,
      eligibleFrom: null,
      approval: 'required',
      evaluations: [],
      erasure: null,
    });
    expect(decision.reason).toBe('no rule matches category "xyz"; kept and reported');
  });

  test('an unmatched record under a hold stays unmatched, with the hold listed', () => {
    const onCategory = hold({ scope: 'category', ref: 'xyz' });
    const decision = decide(policy([careRecords]), facts({ category: 'xyz' }), [onCategory], '2024-06-01');
    expect(decision.status).toBe('unmatched');
    expect(decision.holds).toEqual([onCategory]);
  });
});

describe('erase_on', () => {
  const voluntary = rule('voluntary-material', {
    categories: ['photograph'],
    basis: 'consent',
    retain: retainFrom('consent_given', 'P3Y'),
    eraseOn: ['consent_withdrawn'],
  });

  test('an erase_on event makes the record due from that day', () => {
    const record = facts({ category: 'photograph', events: { consent_given: '2023-01-01', consent_withdrawn: '2024-05-01' } });
    const decision = decide(policy([voluntary]), record, [], '2024-06-01');
    expect(decision).toMatchObject({
      status: 'due',
      retainUntil: '2024-04-30',
      eligibleFrom: '2024-05-01',
      trigger: { event: 'consent_withdrawn', date: '2024-05-01' },
    });
    expect(decision.evaluations[0]?.erasedBy).toEqual({ event: 'consent_withdrawn', date: '2024-05-01' });
    expect(decision.reason).toBe('voluntary-material: consent_withdrawn 2024-05-01 → due since 2024-05-01');
  });

  test('it applies even when the retention trigger never came', () => {
    const record = facts({ category: 'photograph' }, { consent_withdrawn: '2024-05-01' });
    expect(decide(policy([voluntary]), record, [], '2024-06-01')).toMatchObject({ status: 'due', retainUntil: '2024-04-30' });
  });

  test('an erase_on event dated after as-of changes nothing yet', () => {
    const record = facts({ category: 'photograph', events: { consent_given: '2023-01-01', consent_withdrawn: '2024-07-01' } });
    const decision = decide(policy([voluntary]), record, [], '2024-06-01');
    expect(decision).toMatchObject({ status: 'retained', retainUntil: '2026-01-01' });
    expect(decision.evaluations[0]?.erasedBy).toBeNull();
  });

  test('an erase_on event after the retention already ended does not move the date', () => {
    const record = facts({ category: 'photograph', events: { consent_given: '2019-01-01', consent_withdrawn: '2024-05-01' } });
    const decision = decide(policy([voluntary]), record, [], '2024-06-01');
    expect(decision).toMatchObject({ status: 'due', retainUntil: '2022-01-01', trigger: { event: 'consent_given' } });
    expect(decision.evaluations[0]?.erasedBy).toBeNull();
  });
});
