/** Small builders for engine tests: compiled policies and records with sensible defaults. */
import type {
  CompiledPolicy,
  CompiledRule,
  Cutoff,
  EventHistory,
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

/**
 * A record with its inventory events, and optionally its subject's recorded events (one date or
 * several each), a tombstone, and events recorded on the record itself.
 */
export function facts(
  fields: Partial<InventoryRecord> = {},
  subjectEvents: Record<string, string | string[]> = {},
  tombstone: Tombstone | null = null,
  recordedEvents: Record<string, string | string[]> = {},
): RecordFacts {
  return { record: record(fields), subjectEvents: history(subjectEvents), recordedEvents: history(recordedEvents), tombstone };
}

/** An event history as the store builds it: a null-prototype object of date lists. */
export function history(events: Record<string, string | string[]>): EventHistory {
  const out = Object.create(null) as Record<string, string[]>;
  for (const [name, dates] of Object.entries(events)) out[name] = Array.isArray(dates) ? dates : [dates];
  return out;
}

export function hold(fields: Partial<Hold> = {}): Hold {
  return { id: 'H-1', scope: 'record', ref: 'R-1', reason: 'litigation', until: null, ...fields };
}
