/** A builder for the decisions the report renders, with defaults for a plain due record. */
import type { Decision } from '../../src/engine/types.js';
import type { PlanWindow } from '../../src/planner/planner.js';

export function decision(fields: Partial<Decision> = {}): Decision {
  return {
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
    reason: 'care-records: service_ended 2019-03-15 + P6Y → kept until 2025-03-15; due since 2025-03-16',
    evaluations: [],
    holds: [],
    erasure: null,
    review: null,
    location: 'casefiles:client-1/plan.pdf',
    ...fields,
  };
}

/** A retained record becoming eligible on `eligibleFrom`. */
export function retained(id: string, eligibleFrom: string): Decision {
  return decision({ id, status: 'retained', eligibleFrom, retainUntil: null });
}

export const WINDOW: PlanWindow = { asOf: '2026-06-30', horizonEnd: '2026-09-30' };

export const HOSTILE = '<script>alert(1)</script>';
