/** `validate --compare`: the rule-level differences between two versions of a policy, in English. */
import { describe, expect, it } from 'vitest';
import { comparePolicies } from '../../src/policy/compare.js';
import type { CompiledPolicy, CompiledRule } from '../../src/engine/types.js';

const rule = (id: string, overrides: Partial<CompiledRule> = {}): CompiledRule => ({
  id,
  title: null,
  source: null,
  categories: ['care-plan'],
  basis: 'contract',
  retain: { kind: 'after-event', event: 'service_ended', period: 'P6Y', cutoff: null, form: 'from' },
  eraseOn: [],
  holdWhile: [],
  review: null,
  approval: 'required',
  ...overrides,
});

const policy = (...rules: CompiledRule[]): CompiledPolicy => ({
  organisation: 'Leading Lives',
  timezone: 'Europe/London',
  financialYearEnd: { month: 3, day: 31 },
  rules,
});

describe('comparePolicies', () => {
  it('says nothing when nothing changed', () => {
    expect(comparePolicies(policy(rule('care-records')), policy(rule('care-records')))).toEqual([]);
  });

  it('words a longer period, a wider match, a new erase_on and automatic approval, rule by rule', () => {
    const older = policy(rule('care-records'), rule('photos', { categories: ['photo'], basis: 'consent' }));
    const newer = policy(
      rule('care-records', {
        retain: { kind: 'after-event', event: 'service_ended', period: 'P7Y', cutoff: null, form: 'from' },
        categories: ['care-plan', 'health'],
      }),
      rule('photos', { categories: ['photo'], basis: 'consent', eraseOn: ['consent_withdrawn'], approval: 'automatic' }),
    );
    expect(comparePolicies(older, newer)).toEqual([
      'care-records: now also matches health records',
      'care-records: keeps records until 7 years after service_ended (was until 6 years after service_ended)',
      'photos: erased on consent_withdrawn (was nothing)',
      'photos: now deleted without approval',
    ]);
  });

  it('names rules added and removed', () => {
    const lines = comparePolicies(policy(rule('old-rule')), policy(rule('new-rule', { retain: { kind: 'indefinitely' } })));
    expect(lines).toEqual([
      'new-rule: new rule — keeps care-plan records indefinitely; needs approval',
      'old-rule: removed — it keeps care-plan records until 6 years after service_ended; needs approval; its records fall to the other rules that match them, or to none',
    ]);
  });
});
