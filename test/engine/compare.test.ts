/** compareDecisions: the differences between one record's decisions under two policies. */
import { describe, expect, it } from 'vitest';
import { compareDecisions } from '../../src/engine/compare.js';
import { periodBetween } from '../../src/engine/dates.js';
import type { Decision } from '../../src/engine/types.js';

const decision = (overrides: Partial<Decision>): Decision => ({
  id: 'R-1',
  subject: 'S-1',
  category: 'care-plan',
  status: 'retained',
  rule: 'care-records',
  rules: ['care-records'],
  trigger: { event: 'service_ended', date: '2020-01-01' },
  retainUntil: '2026-01-01',
  eligibleFrom: '2026-01-02',
  approval: 'required',
  reason: '',
  evaluations: [],
  holds: [],
  erasure: null,
  review: null,
  location: null,
  ...overrides,
});

describe('compareDecisions', () => {
  it('finds nothing in the same decision', () => {
    expect(compareDecisions(decision({}), decision({}))).toEqual([]);
  });
  it('gives status, rule and the period by which the record is kept longer or less', () => {
    expect(compareDecisions(decision({ status: 'due' }), decision({ rule: 'other', retainUntil: '2027-03-01' }))).toEqual([
      { kind: 'status', from: 'due', to: 'retained' },
      { kind: 'rule', from: 'care-records', to: 'other' },
      { kind: 'kept-longer', by: 'P1Y2M' },
    ]);
    expect(compareDecisions(decision({}), decision({ retainUntil: '2025-12-01' }))).toEqual([{ kind: 'kept-shorter', by: 'P1M' }]);
  });
  it('says when an end date appears or goes (kept indefinitely, or waiting for a trigger)', () => {
    expect(compareDecisions(decision({}), decision({ status: 'indefinite', retainUntil: null }))).toEqual([
      { kind: 'status', from: 'retained', to: 'indefinite' },
      { kind: 'end-date', from: '2026-01-01', to: null },
    ]);
  });
  it('says when the approval a deletion needs changes: apply would act differently', () => {
    expect(compareDecisions(decision({}), decision({ approval: 'automatic' }))).toEqual([
      { kind: 'approval', from: 'required', to: 'automatic' },
    ]);
  });
  it('periodBetween counts calendar units, month ends clamped', () => {
    expect(periodBetween('2026-02-28', '2027-02-28')).toBe('P1Y');
    expect(periodBetween('2026-01-01', '2026-01-01')).toBe('P0D');
    expect(periodBetween('2026-01-31', '2026-03-02')).toBe('P1M2D');
  });
});
