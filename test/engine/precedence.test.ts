import { describe, expect, test } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { INDEFINITELY, facts, policy, retainFrom, rule } from './builders.js';

const sixYears = rule('care-records', { retain: retainFrom('service_ended', 'P6Y') });
const eightYears = rule('finance', { retain: retainFrom('service_ended', 'P8Y') });
const forever = rule('archive', { retain: INDEFINITELY });
const untilRegistered = rule('lpa-notes', { retain: retainFrom('lpa_registered', 'P0D') });
const ended2019 = facts({ events: { service_ended: '2019-03-15' } });

describe('several matching rules: retention wins', () => {
  test('date vs date: the later date governs, whatever the policy order', () => {
    for (const rules of [
      [sixYears, eightYears],
      [eightYears, sixYears],
    ]) {
      const decision = decide(policy(rules), ended2019, [], '2026-01-01');
      expect(decision).toMatchObject({ status: 'retained', rule: 'finance', retainUntil: '2027-03-15' });
      expect(decision.rules).toEqual(rules.map((r) => r.id));
      expect(decision.evaluations.map((e) => e.retainUntil)).toEqual(rules.map((r) => (r.id === 'finance' ? '2027-03-15' : '2025-03-15')));
    }
  });

  test('the reason names the rules it chose between', () => {
    const decision = decide(policy([sixYears, eightYears]), ended2019, [], '2026-01-01');
    expect(decision.reason).toBe(
      'finance: service_ended 2019-03-15 + P8Y → kept until 2027-03-15; eligible from 2027-03-16; longest of 2 matching rules (care-records, finance)',
    );
  });

  test('a tie goes to the first rule in policy order', () => {
    const twin = rule('twin', { retain: retainFrom('service_ended', 'P72M'), approval: 'automatic' });
    const decision = decide(policy([sixYears, twin]), ended2019, [], '2026-01-01');
    expect(decision).toMatchObject({ rule: 'care-records', approval: 'required', status: 'due' });
  });

  test('date vs indefinitely: indefinitely governs', () => {
    const decision = decide(policy([sixYears, forever]), ended2019, [], '2026-01-01');
    expect(decision).toMatchObject({ status: 'indefinite', rule: 'archive', retainUntil: null, eligibleFrom: null });
  });

  test('missing trigger vs indefinitely: the missing trigger governs (pending)', () => {
    const decision = decide(policy([forever, untilRegistered]), ended2019, [], '2026-01-01');
    expect(decision).toMatchObject({ status: 'pending', rule: 'lpa-notes', trigger: { event: 'lpa_registered', date: null } });
  });

  test('missing trigger vs an expired date: pending, not due', () => {
    const decision = decide(policy([sixYears, untilRegistered]), ended2019, [], '2026-01-01');
    expect(decision).toMatchObject({ status: 'pending', rule: 'lpa-notes' });
  });

  test('erase_on on one rule, but another rule retains longer: NOT due', () => {
    const voluntary = rule('voluntary-material', {
      basis: 'consent',
      retain: retainFrom('consent_given', 'P3Y'),
      eraseOn: ['consent_withdrawn'],
      approval: 'automatic',
    });
    const record = facts({ events: { service_ended: '2020-01-01', consent_given: '2023-01-01', consent_withdrawn: '2024-05-01' } });
    const decision = decide(policy([voluntary, sixYears]), record, [], '2024-06-01');
    expect(decision).toMatchObject({ status: 'retained', rule: 'care-records', retainUntil: '2026-01-01', approval: 'required' });
    expect(decision.evaluations[0]).toMatchObject({ retainUntil: '2024-04-30', erasedBy: { event: 'consent_withdrawn' } });
  });

  test('the governing rule’s approval is the decision’s', () => {
    const shortAutomatic = rule('short', { retain: retainFrom('service_ended', 'P1Y'), approval: 'automatic' });
    const decision = decide(policy([shortAutomatic, sixYears]), ended2019, [], '2026-01-01');
    expect(decision).toMatchObject({ status: 'due', rule: 'care-records', approval: 'required' });
  });
});
