import { describe, expect, test } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { facts, hold, policy, retainUntilEvent, rule } from './builders.js';

const careRecords = rule('care-records');
const expired = facts({ id: 'R-1', subject: 'S-17', events: { service_ended: '2019-03-15' } });
const DUE_REASON = 'care-records: service_ended 2019-03-15 + P6Y → kept until 2025-03-15; due since 2025-03-16';
const AS_OF = '2025-06-01';

describe('legal holds', () => {
  test('a hold on the subject keeps a due record, and says what would happen otherwise', () => {
    const onSubject = hold({ id: 'H-3', scope: 'subject', ref: 'S-17', reason: 'litigation' });
    const decision = decide(policy([careRecords]), expired, [onSubject], AS_OF);
    expect(decision).toMatchObject({ status: 'held', rule: 'care-records', retainUntil: '2025-03-15', holds: [onSubject] });
    expect(decision.reason).toBe(`held by hold H-3 on subject S-17 (litigation); otherwise: ${DUE_REASON}`);
  });

  test.each([
    ['record', 'R-1'],
    ['category', 'care-plan'],
  ] as const)('a hold on the %s applies', (scope, ref) => {
    expect(decide(policy([careRecords]), expired, [hold({ scope, ref })], AS_OF).status).toBe('held');
  });

  test('holds on other records, subjects and categories do not apply', () => {
    const others = [
      hold({ id: 'H-1', scope: 'record', ref: 'R-2' }),
      hold({ id: 'H-2', scope: 'subject', ref: 'S-1' }),
      hold({ id: 'H-3', scope: 'category', ref: 'health' }),
      hold({ id: 'H-4', scope: 'subject', ref: 'R-1' }),
    ];
    const decision = decide(policy([careRecords]), expired, others, AS_OF);
    expect(decision).toMatchObject({ status: 'due', holds: [] });
  });

  test('a hold applies up to and including its until day, not after', () => {
    const p = policy([careRecords]);
    expect(decide(p, expired, [hold({ until: AS_OF })], AS_OF).status).toBe('held');
    expect(decide(p, expired, [hold({ until: '2025-05-31' })], AS_OF)).toMatchObject({ status: 'due', holds: [] });
  });

  test('several holds are all named', () => {
    const holds = [hold({ id: 'H-1' }), hold({ id: 'H-2', scope: 'category', ref: 'care-plan', reason: 'inquiry' })];
    const decision = decide(policy([careRecords]), expired, holds, AS_OF);
    expect(decision.holds).toEqual(holds);
    expect(decision.reason).toMatch(
      /^held by hold H-1 on record R-1 \(litigation\) and hold H-2 on category care-plan \(inquiry\); otherwise:/,
    );
  });
});

describe('hold_while flags', () => {
  const lpaNotes = rule('lpa-notes', {
    retain: retainUntilEvent('lpa_registered'),
    holdWhile: ['objection_possible'],
  });
  const registered = { lpa_registered: '2024-01-10' };

  test('a set flag holds the record', () => {
    const decision = decide(policy([lpaNotes]), facts({ events: registered, flags: { objection_possible: true } }), [], AS_OF);
    expect(decision.status).toBe('held');
    expect(decision.evaluations[0]?.holdFlags).toEqual(['objection_possible']);
    expect(decision.reason).toBe(
      'held while flag objection_possible is set (lpa-notes); otherwise: lpa-notes: lpa_registered 2024-01-10 → kept until 2024-01-10; due since 2024-01-11',
    );
  });

  test('a cleared or absent flag does not', () => {
    const p = policy([lpaNotes]);
    expect(decide(p, facts({ events: registered, flags: { objection_possible: false } }), [], AS_OF).status).toBe('due');
    expect(decide(p, facts({ events: registered }), [], AS_OF).status).toBe('due');
  });

  test('a flag on any matching rule holds, even when another rule governs', () => {
    const p = policy([careRecords, { ...lpaNotes, retain: retainUntilEvent('service_ended') }]);
    const decision = decide(p, facts({ events: { service_ended: '2019-03-15' }, flags: { objection_possible: true } }), [], AS_OF);
    expect(decision).toMatchObject({ status: 'held', rule: 'care-records' });
  });
});

describe('records that reappear after deletion', () => {
  const tombstone = { deletedAt: '2025-01-02T10:00:00Z', run: 'run-7', rule: 'care-records' };
  const stillKept = { service_ended: '2024-01-01' };

  test('a tombstoned record is due again under the rule it was deleted under, approval required even when that rule is automatic', () => {
    const automatic = rule('care-records', { approval: 'automatic' });
    const decision = decide(policy([automatic]), facts({ events: stillKept }, {}, tombstone), [], AS_OF);
    expect(decision).toMatchObject({ status: 'due', rule: 'care-records', approval: 'required' });
    expect(decision.reason).toMatch(/^reappeared after deletion on 2025-01-02 \(run run-7\)/);
  });

  test('when the policy no longer has that rule, the first matching rule governs', () => {
    const other = rule('other', { approval: 'automatic' });
    const decision = decide(policy([other]), facts({ events: stillKept }, {}, tombstone), [], AS_OF);
    expect(decision).toMatchObject({ status: 'due', rule: 'other', approval: 'required' });
  });

  test('an unmatched tombstoned record is due, with approval required', () => {
    const automatic = rule('care-records', { approval: 'automatic' });
    const decision = decide(policy([automatic]), facts({ category: 'xyz' }, {}, tombstone), [], AS_OF);
    expect(decision).toMatchObject({ status: 'due', rule: 'care-records', approval: 'required' });
  });

  test('holds still win over reappearance', () => {
    const decision = decide(policy([careRecords]), facts({ events: stillKept }, {}, tombstone), [hold()], AS_OF);
    expect(decision.status).toBe('held');
    expect(decision.reason).toContain('otherwise: reappeared after deletion on 2025-01-02');
  });
});
