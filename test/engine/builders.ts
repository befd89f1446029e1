/** Small builders for engine tests: compiled policies and records with sensible defaults. */
import type {
  CompiledPolicy,
  CompiledRule,
  Cutoff,
  Hold,
  InventoryRecord,
  RecordFacts,
  Retention,
  Tombstone,
} from '../../src/engine/types.js';

/** `retain: { from: event, for: period }`, optionally with a cutoff. */
export function retainFrom(event: string, period: string, cutoff: Cutoff | null = null): Retention {
  return { kind: 'after-event', event, period, cutoff, form: 'from' };
}

/** `retain: { until: event }`. */
export function retainUntilEvent(event: string, cutoff: Cutoff | null = null): Retention {
  return { kind: 'after-event', event, period: 'P0D', cutoff, form: 'until' };
}

export const INDEFINITELY: Retention = { kind: 'indefinitely' };

export function rule(id: string, fields: Partial<CompiledRule> = {}): CompiledRule {
  return {
    id,
    title: null,
    source: null,
    categories: ['care-plan'],
    basis: 'contract',
    retain: retainFrom('service_ended', 'P6Y'),
    eraseOn: [],
    holdWhile: [],
    review: null,
    approval: 'required',
    ...fields,
  };
}

export function policy(rules: CompiledRule[], fields: Partial<CompiledPolicy> = {}): CompiledPolicy {
  return {
    organisation: 'Test Org',
    timezone: 'Europe/London',
    financialYearEnd: { month: 3, day: 31 },
    rules,
    ...fields,
  };
}

export function record(fields: Partial<InventoryRecord> = {}): InventoryRecord {
  return {
    id: 'R-1',
    subject: 'S-1',
    category: 'care-plan',
    created: '2015-01-01',
    location: 'casefiles:client-1/plan.pdf',
    events: {},
    flags: {},
    ...fields,
  };
}

/** A record with its events, and optionally its subject's events and a tombstone. */
export function facts(
  fields: Partial<InventoryRecord> = {},
  subjectEvents: Record<string, string> = {},
  tombstone: Tombstone | null = null,
): RecordFacts {
  return { record: record(fields), subjectEvents, tombstone };
}

export function hold(fields: Partial<Hold> = {}): Hold {
  return { id: 'H-1', scope: 'record', ref: 'R-1', reason: 'litigation', until: null, ...fields };
}
