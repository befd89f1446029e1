/**
 * Events are history (DESIGN §2): a second date is added, never substituted, and the use decides
 * which one counts — the latest for a retention trigger and a review, the earliest for an event
 * that ends retention (erase_on, an erasure request). Recorded dates count beside the inventory's,
 * and `created` is a trigger like any other event.
 */
import { describe, expect, test } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { facts, policy, retainFrom, rule } from './builders.js';

const AS_OF = '2026-06-30';

describe('several dates of one event', () => {
  test('the first erasure request fixes the art. 17 deadline; a second one does not move it', () => {
    const photos = rule('photos', { basis: 'consent' });
    const requests = { erasure_requested: ['2025-12-01', '2025-12-20'] };
    const decision = decide(policy([photos]), facts({}, requests), [], AS_OF);
    expect(decision.erasure).toMatchObject({ requested: '2025-12-01', deadline: '2026-01-01', erasable: true });
    expect(decision).toMatchObject({ status: 'due', trigger: { event: 'erasure_requested', date: '2025-12-01' } });
  });

  test('the latest consent confirmation is the one a periodic review counts from', () => {
    const consent = rule('consent-material', {
      basis: 'consent',
      retain: retainFrom('consent_given', 'P10Y'),
      review: { every: 'P1Y', from: ['consent_confirmed', 'consent_given'], ifNoEventAfter: null },
    });
    const confirmed = { consent_given: '2020-01-01', consent_confirmed: ['2024-01-10', '2026-01-10'] };
    expect(decide(policy([consent]), facts({}, confirmed), [], AS_OF).status).toBe('retained');
    // With only the older confirmation, the review would be owed.
    expect(decide(policy([consent]), facts({}, { consent_given: '2020-01-01', consent_confirmed: '2024-01-10' }), [], AS_OF).status).toBe(
      'review',
    );
  });

  test('retention wins: of two trigger dates the later keeps the record longer', () => {
    const decision = decide(
      policy([rule('care-records', { retain: retainFrom('service_ended', 'P1Y') })]),
      facts({}, { service_ended: ['2024-01-15', '2026-01-15'] }),
      [],
      AS_OF,
    );
    expect(decision).toMatchObject({ status: 'retained', trigger: { date: '2026-01-15' }, retainUntil: '2027-01-15' });
  });

  test('a date after the as-of date has not happened yet: the latest that has counts', () => {
    const decision = decide(
      policy([rule('care-records', { retain: retainFrom('service_ended', 'P1Y') })]),
      facts({}, { service_ended: ['2024-01-15', '2027-01-15'] }),
      [],
      AS_OF,
    );
    expect(decision).toMatchObject({ status: 'due', trigger: { date: '2024-01-15' } });
  });

  test('an erase_on event counts from its first date', () => {
    const photos = rule('photos', { basis: 'consent', eraseOn: ['consent_withdrawn'] });
    const decision = decide(
      policy([photos]),
      facts({ events: { service_ended: '2026-01-01' } }, {}, null, { consent_withdrawn: ['2026-05-01', '2026-03-01'] }),
      [],
      AS_OF,
    );
    expect(decision).toMatchObject({
      status: 'due',
      eligibleFrom: '2026-03-01',
      trigger: { event: 'consent_withdrawn', date: '2026-03-01' },
    });
  });
});

describe('recorded events on the record', () => {
  const photos = rule('photos', { basis: 'consent', eraseOn: ['consent_withdrawn'] });

  test('count beside the inventory: a recorded withdrawal makes the record due although the file has none', () => {
    const record = facts({ events: { service_ended: '2026-01-01' } }, {}, null, { consent_withdrawn: '2026-06-10' });
    expect(decide(policy([photos]), record, [], AS_OF)).toMatchObject({
      status: 'due',
      trigger: { event: 'consent_withdrawn', date: '2026-06-10' },
    });
  });

  test('the inventory date and a recorded date are both candidates: the later trigger counts', () => {
    const careRecords = rule('care-records', { retain: retainFrom('service_ended', 'P1Y') });
    const inventoryLater = facts({ events: { service_ended: '2026-01-15' } }, {}, null, { service_ended: '2024-01-15' });
    const recordedLater = facts({ events: { service_ended: '2024-01-15' } }, {}, null, { service_ended: '2026-01-15' });
    expect(decide(policy([careRecords]), inventoryLater, [], AS_OF).trigger.date).toBe('2026-01-15');
    expect(decide(policy([careRecords]), recordedLater, [], AS_OF).trigger.date).toBe('2026-01-15');
  });

  test("win over the subject's dates of the same event", () => {
    const careRecords = rule('care-records', { retain: retainFrom('service_ended', 'P1Y') });
    const decision = decide(
      policy([careRecords]),
      facts({}, { service_ended: '2026-01-15' }, null, { service_ended: '2024-01-15' }),
      [],
      AS_OF,
    );
    expect(decision).toMatchObject({ status: 'due', trigger: { date: '2024-01-15' } });
  });
});

describe('created as a trigger', () => {
  const surveys = rule('surveys', { categories: ['survey'], retain: retainFrom('created', 'P1Y') });

  test("retain: { from: created, for: P1Y } counts from the record's created field", () => {
    const decision = decide(policy([surveys]), facts({ category: 'survey', created: '2025-03-01' }), [], AS_OF);
    expect(decision).toMatchObject({ status: 'due', trigger: { event: 'created', date: '2025-03-01' }, retainUntil: '2026-03-01' });
    expect(decision.reason).toBe('surveys: created 2025-03-01 + P1Y → kept until 2026-03-01; due since 2026-03-02');
  });

  test('a record without a created date waits, as for any missing trigger', () => {
    expect(decide(policy([surveys]), facts({ category: 'survey', created: null }), [], AS_OF).status).toBe('pending');
  });
});
