import { describe, expect, test } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import type { Basis } from '../../src/engine/types.js';
import { INDEFINITELY, facts, policy, rule } from './builders.js';

const REQUESTED = { erasure_requested: '2026-01-10' };
const AS_OF = '2026-01-20';
/** Service ended recently: under its own retention the record would be kept until 2030. */
const recentService = { service_ended: '2024-01-01' };

function decideUnder(basis: Basis | null, eraseOn: string[] = []) {
  return decide(policy([rule('r', { basis, eraseOn })]), facts({ events: recentService }, REQUESTED), [], AS_OF);
}

describe('erasure requests', () => {
  test('consent: the request erases; due from the request, answered within a month', () => {
    const decision = decideUnder('consent');
    expect(decision).toMatchObject({
      status: 'due',
      retainUntil: '2026-01-09',
      eligibleFrom: '2026-01-10',
      trigger: { event: 'erasure_requested', date: '2026-01-10' },
      erasure: { requested: '2026-01-10', deadline: '2026-02-10', erasable: true, exemption: null },
    });
    expect(decision.reason).toBe('r: erasure_requested 2026-01-10 → due since 2026-01-10');
  });

  test.each([
    ['contract', 'contract — still necessary for the contract and for legal claims, art. 17(1)(a), 17(3)(e)'],
    ['legal-obligation', 'legal obligation — art. 17(3)(b)'],
    ['public-task', 'public task — art. 17(3)(b)'],
    ['vital-interests', 'vital interests — still necessary, art. 17(1)(a)'],
    ['legitimate-interests', 'legitimate interests — overriding legitimate grounds, art. 17(1)(c)'],
    [null, 'no lawful basis recorded — a person must decide'],
  ] as const)('%s: the record stays, and the plan says which exemption keeps it', (basis, exemption) => {
    const decision = decideUnder(basis);
    expect(decision).toMatchObject({
      status: 'retained',
      retainUntil: '2030-01-01',
      erasure: { requested: '2026-01-10', deadline: '2026-02-10', erasable: false, exemption },
    });
    expect(decision.reason).toBe(
      `r: service_ended 2024-01-01 + P6Y → kept until 2030-01-01; eligible from 2030-01-02; erasure requested 2026-01-10 but kept: ${exemption}`,
    );
  });

  test('a rule that lists erasure_requested in erase_on is erased whatever its basis', () => {
    const decision = decideUnder('legal-obligation', ['erasure_requested']);
    expect(decision).toMatchObject({ status: 'due', erasure: { erasable: true, exemption: null } });
  });

  test('consent with indefinite retention is erased too', () => {
    const forever = rule('r', { basis: 'consent', retain: INDEFINITELY });
    const decision = decide(policy([forever]), facts({}, REQUESTED), [], AS_OF);
    expect(decision).toMatchObject({ status: 'due', retainUntil: '2026-01-09' });
  });

  test('the request can be on the record itself', () => {
    const record = facts({ events: { ...recentService, ...REQUESTED } });
    expect(decide(policy([rule('r', { basis: 'consent' })]), record, [], AS_OF).status).toBe('due');
  });

  test('the deadline clamps to the month’s end', () => {
    const record = facts({ events: recentService }, { erasure_requested: '2026-01-31' });
    const decision = decide(policy([rule('r')]), record, [], '2026-02-01');
    expect(decision.erasure?.deadline).toBe('2026-02-28');
  });

  test('a request dated after as-of has not been made yet', () => {
    const record = facts({ events: recentService }, { erasure_requested: '2026-02-01' });
    expect(decide(policy([rule('r', { basis: 'consent' })]), record, [], AS_OF)).toMatchObject({ status: 'retained', erasure: null });
  });

  test('unmatched: never erased by the tool; a person must decide', () => {
    const decision = decide(policy([rule('r')]), facts({ category: 'xyz' }, REQUESTED), [], AS_OF);
    expect(decision).toMatchObject({
      status: 'unmatched',
      erasure: { erasable: false, exemption: 'no rule matches this category — a person must decide' },
    });
    expect(decision.reason).toContain('erasure requested 2026-01-10 but kept: no rule matches this category');
  });

  test('the exemption is the governing rule’s, when another rule keeps the record longer', () => {
    const consent = rule('consent-rule', { basis: 'consent' });
    const legal = rule('legal', { basis: 'legal-obligation', retain: INDEFINITELY });
    const decision = decide(policy([consent, legal]), facts({ events: recentService }, REQUESTED), [], AS_OF);
    expect(decision).toMatchObject({
      status: 'indefinite',
      rule: 'legal',
      erasure: { erasable: false, exemption: 'legal obligation — art. 17(3)(b)' },
    });
  });
});
