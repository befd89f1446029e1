/**
 * Each batch's last look (recheck.ts) judges a record as the selection does: due as of the run's
 * as-of date AND as of today. An event recorded while a run with `--as-of` a past date is deleting
 * (dated between that date and today) keeps the records of the batches still to come.
 */
import { describe, expect, it } from 'vitest';
import { stillDue } from '../../src/apply/recheck.js';
import type { Decision, RecordFacts } from '../../src/engine/types.js';
import { facts, policy, retainFrom, rule } from '../engine/builders.js';

const POLICY = policy([rule('care', { retain: retainFrom('service_ended', 'P1Y') })]);
const DATES = { asOf: '2026-06-30', today: '2026-07-10' };

function recheck(current: RecordFacts[], dates = DATES): { kept: ReadonlySet<string>; decided: Map<string, Decision> } {
  const decided = new Map<string, Decision>();
  // Selected where they still are: the location check (A2) is tested with run-apply.
  const selectedAt = new Map(current.map((f) => [f.record.id, f.record.location]));
  const runDeletes = new Set(current.map((f) => f.record.id));
  const kept = stillDue(POLICY, dates, selectedAt, runDeletes, { decided, moved: new Set(), sharedWith: new Map() })({
    facts: new Map(current.map((f) => [f.record.id, f])),
    holds: [],
    arrivals: [],
  });
  return { kept, decided };
}

describe('the per-batch recheck with --as-of in the past (finding B1)', () => {
  it('keeps a record due as of both dates; leaves one that an event dated after the as-of date keeps today, saying why', () => {
    const due = facts({ id: 'R-DUE', events: { service_ended: '2024-01-15' } });
    const endedAgain = facts({ id: 'R-AGAIN', events: { service_ended: '2024-01-15' } }, {}, null, { service_ended: '2026-07-05' });
    const { kept, decided } = recheck([due, endedAgain]);
    expect([...kept]).toEqual(['R-DUE']);
    expect(decided.get('R-AGAIN')).toMatchObject({ status: 'retained', retainUntil: '2027-07-05' });
  });
});
