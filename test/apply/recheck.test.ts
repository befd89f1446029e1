/**
 * Each batch's last look (recheck.ts) judges a record as the selection does: due as of the run's
 * as-of date AND as of today. An event recorded while a run with `--as-of` a past date is deleting
 * (dated between that date and today) keeps the records of the batches still to come.
 */
import { describe, expect, it } from 'vitest';
import { stillDue, type RecheckFindings } from '../../src/apply/recheck.js';
import type { Hold, RecordFacts } from '../../src/engine/types.js';
import type { CurrentFacts } from '../../src/store/types.js';
import { facts, hold, policy, retainFrom, rule } from '../engine/builders.js';

const POLICY = policy([rule('care', { retain: retainFrom('service_ended', 'P1Y') })]);
const DATES = { asOf: '2026-06-30', today: '2026-07-10' };

/**
 * The batch `current` rechecked. By default selected where they still are (the location check,
 * A2, is tested with run-apply) and the whole run (`runDeletes`: id → location selected at).
 */
function recheck(
  current: RecordFacts[],
  {
    dates = DATES,
    holds = [] as Hold[],
    arrivals = [] as CurrentFacts['arrivals'],
    selected = current.map((f) => f.record),
    runDeletes = undefined as ReadonlyMap<string, string | null> | undefined,
  } = {},
): { kept: ReadonlySet<string> } & RecheckFindings {
  const findings: RecheckFindings = { decided: new Map(), moved: new Set(), sharedWith: new Map(), partnerKept: new Map() };
  const selectedAt = new Map(selected.map((r) => [r.id, r.location]));
  const kept = stillDue(
    POLICY,
    dates,
    selectedAt,
    runDeletes ?? selectedAt,
    findings,
  )({
    facts: new Map(current.map((f) => [f.record.id, f])),
    holds,
    arrivals,
  });
  return { kept, ...findings };
}

describe('the per-batch recheck with --as-of in the past (finding B1)', () => {
  it('keeps a record due as of both dates; leaves one that an event dated after the as-of date keeps today, saying why', () => {
    // Each at its own file: records at one location are kept all or none (below).
    const due = facts({ id: 'R-DUE', location: 'casefiles:due.pdf', events: { service_ended: '2024-01-15' } });
    const endedAgain = facts({ id: 'R-AGAIN', location: 'casefiles:again.pdf', events: { service_ended: '2024-01-15' } }, {}, null, {
      service_ended: '2026-07-05',
    });
    const { kept, decided } = recheck([due, endedAgain]);
    expect([...kept]).toEqual(['R-DUE']);
    expect(decided.get('R-AGAIN')).toMatchObject({ status: 'retained', retainUntil: '2027-07-05' });
  });
});

describe('records of a batch at one location (attack finding F1)', () => {
  const ended = { service_ended: '2024-01-15' };
  const at = (id: string, location: string) => facts({ id, location, events: ended });

  it("are kept all or none: a hold on one keeps the other, whose deletion would destroy the held one's item", () => {
    const [a, b, c] = [at('R-A', 'files:shared.pdf'), at('R-B', 'files:SHARED.pdf'), at('R-C', 'files:own.pdf')];
    const { kept, partnerKept, decided } = recheck([a, b, c], { holds: [hold({ ref: 'R-B' })] });
    expect([...kept]).toEqual(['R-C']);
    expect(decided.get('R-B')?.status).toBe('held');
    expect([...partnerKept]).toEqual([['R-A', 'R-B']]);
  });

  it('are kept all or none when one is no longer listed (absent from the facts) or was moved by an import', () => {
    const [a, b] = [at('R-A', 'files:shared.pdf'), at('R-B', 'files:shared.pdf')];
    expect([...recheck([a]).kept]).toEqual(['R-A']);
    expect([...recheck([a], { selected: [a.record, b.record] }).kept]).toEqual([]);
    const moved = at('R-B', 'files:elsewhere.pdf');
    const { kept, moved: movedIds, partnerKept } = recheck([a, moved], { selected: [a.record, b.record] });
    expect([...kept]).toEqual([]);
    expect([...movedIds]).toEqual(['R-B']);
    expect(partnerKept.get('R-A')).toBe('R-B');
  });

  it("take a record of the run that an import moved onto another's location for an arrival there", () => {
    const a = at('R-A', 'files:shared.pdf');
    // R-C, selected at its own file in a later batch, is now listed at R-A's.
    const runDeletes = new Map([
      ['R-A', 'files:shared.pdf'],
      ['R-C', 'files:other.pdf'],
    ]);
    const moved = recheck([a], { runDeletes, arrivals: [{ id: 'R-C', location: 'files:shared.pdf' }] });
    expect([...moved.kept]).toEqual([]);
    expect(moved.sharedWith.get('R-A')).toBe('R-C');
    // Still where it was selected, it is the run's own record: no obstacle.
    const own = recheck([a], { runDeletes, arrivals: [{ id: 'R-C', location: 'files:other.pdf' }] });
    expect([...own.kept]).toEqual(['R-A']);
  });
});
