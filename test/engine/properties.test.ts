import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { decide } from '../../src/engine/decide.js';
import type { CompiledRule, Hold, RecordFacts, Retention } from '../../src/engine/types.js';
import { BASES, CUTOFFS } from '../../src/vocabulary.js';
import { INDEFINITELY, facts, policy, rule } from './builders.js';

/** Date arithmetic for the tests themselves, straight from luxon rather than the engine. */
function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date).plus({ days }).toISODate()!;
}

const EVENTS = ['service_ended', 'consent_given', 'consent_withdrawn', 'erasure_requested'] as const;
const PERIODS = ['P0D', 'P30D', 'P1M', 'P18M', 'P1Y', 'P1Y6M', 'P6Y'];

/** Calendar dates from 2015 to about 2035. */
const date = fc.integer({ min: 0, max: 7500 }).map((n) => plusDays('2015-01-01', n));
/** Dates and BST/GMT timestamps, as inventories give them. */
const timestamp = fc.tuple(date, fc.integer({ min: 0, max: 23 })).map(([day, hour]) => `${day}T${String(hour).padStart(2, '0')}:30:00Z`);
const eventValue = fc.oneof(date, timestamp);
const yearEnd = fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) });

const retention: fc.Arbitrary<Retention> = fc.oneof(
  fc.constant(INDEFINITELY),
  fc.record({
    kind: fc.constant('after-event' as const),
    event: fc.constantFrom(...EVENTS),
    period: fc.constantFrom(...PERIODS),
    cutoff: fc.option(fc.constantFrom(...CUTOFFS)),
    form: fc.constantFrom('from' as const, 'until' as const),
  }),
);

const compiledRule = (index: number): fc.Arbitrary<CompiledRule> =>
  fc
    .record({
      retain: retention,
      basis: fc.option(fc.constantFrom(...BASES)),
      eraseOn: fc.subarray(['consent_withdrawn', 'erasure_requested']),
      holdWhile: fc.subarray(['objection_possible']),
      approval: fc.constantFrom('required' as const, 'automatic' as const),
      review: fc.option(
        fc.record({
          every: fc.option(fc.constantFrom('P6M', 'P1Y')),
          from: fc.subarray([...EVENTS]),
          ifNoEventAfter: fc.option(fc.constantFrom('P12M', 'P3Y')),
        }),
      ),
    })
    .map((fields) => rule(`rule-${index}`, fields));

const compiledPolicy = fc
  .integer({ min: 1, max: 3 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => compiledRule(i))))
  .chain((rules) => yearEnd.map((financialYearEnd) => policy(rules, { financialYearEnd })));

const eventMap = fc.dictionary(fc.constantFrom(...EVENTS), eventValue, { maxKeys: EVENTS.length });

const recordFacts: fc.Arbitrary<RecordFacts> = fc
  .record({
    category: fc.constantFrom('care-plan', 'care-plan', 'care-plan', 'unknown'),
    created: fc.option(eventValue),
    events: eventMap,
    subjectEvents: eventMap,
    objection: fc.boolean(),
    tombstone: fc.option(fc.record({ deletedAt: date, run: fc.constant('run-1'), rule: fc.option(fc.constant('rule-0')) }), { freq: 8 }),
  })
  .map((f) => {
    const fields = { category: f.category, created: f.created, events: f.events, flags: { objection_possible: f.objection } };
    return facts(fields, f.subjectEvents, f.tombstone);
  });

describe('decision properties', () => {
  test('a record under an active hold is never due', () => {
    const scope = fc.constantFrom('record' as const, 'subject' as const, 'category' as const);
    const activeHold = fc.tuple(scope, fc.option(fc.integer({ min: 0, max: 400 })));
    fc.assert(
      fc.property(compiledPolicy, recordFacts, date, activeHold, (p, f, asOf, [scope, daysLeft]) => {
        const ref = scope === 'record' ? f.record.id : scope === 'subject' ? f.record.subject! : f.record.category;
        const until = daysLeft === null ? null : plusDays(asOf, daysLeft);
        const hold: Hold = { id: 'H-1', scope, ref, reason: 'litigation', until };
        const decision = decide(p, f, [hold], asOf);
        expect(decision.status).not.toBe('due');
        expect(['held', 'unmatched']).toContain(decision.status);
      }),
      { numRuns: 500 },
    );
  });

  test('moving as-of forward never turns due into anything else', () => {
    fc.assert(
      fc.property(compiledPolicy, recordFacts, date, fc.integer({ min: 0, max: 3000 }), (p, f, asOf, later) => {
        fc.pre(decide(p, f, [], asOf).status === 'due');
        expect(decide(p, f, [], plusDays(asOf, later)).status).toBe('due');
      }),
      { numRuns: 500 },
    );
  });

  test('a later trigger date never gives an earlier retainUntil', () => {
    const afterEventRule = compiledRule(0).filter((r) => r.retain.kind === 'after-event');
    fc.assert(
      fc.property(afterEventRule, date, date, yearEnd, (r, a, b, fy) => {
        if (r.retain.kind !== 'after-event') return;
        const p = policy([{ ...r, eraseOn: [] }], { financialYearEnd: fy });
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const asOf = '2099-12-31';
        const untilEarlier = decide(p, facts({ events: { [r.retain.event]: earlier } }), [], asOf).retainUntil;
        const untilLater = decide(p, facts({ events: { [r.retain.event]: later } }), [], asOf).retainUntil;
        expect(untilEarlier).not.toBeNull();
        expect(untilLater! >= untilEarlier!).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('eligibleFrom is always retainUntil + 1 day, and set exactly when retainUntil is', () => {
    fc.assert(
      fc.property(compiledPolicy, recordFacts, date, (p, f, asOf) => {
        const decision = decide(p, f, [], asOf);
        if (decision.retainUntil === null) expect(decision.eligibleFrom).toBeNull();
        else expect(decision.eligibleFrom).toBe(plusDays(decision.retainUntil, 1));
      }),
      { numRuns: 500 },
    );
  });
});
