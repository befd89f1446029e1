import { describe, expect, it } from 'vitest';
import { ErasureRequests } from '../../src/planner/erasure-requests.js';
import type { Decision } from '../../src/engine/types.js';
import { decision } from '../render/decisions.js';

function erasure(erasable: boolean, deadline = '2026-07-15'): Decision['erasure'] {
  return { requested: '2026-06-15', deadline, erasable, exemption: erasable ? null : 'legal obligation — art. 17(3)(b)' };
}

describe('erasure requests gathered from a plan', () => {
  it('groups by subject, earliest deadline first, splitting what is erased from what is kept and why', () => {
    const requests = new ErasureRequests();
    requests.observe(decision({ id: 'A-10', subject: 'S-1', erasure: erasure(true) }));
    requests.observe(decision({ id: 'A-2', subject: 'S-1', status: 'retained', erasure: erasure(false) }));
    requests.observe(decision({ id: 'A-1', subject: 'S-1', erasure: erasure(true) }));
    requests.observe(decision({ id: 'B-1', subject: 'S-2', erasure: erasure(true, '2026-02-02') }));
    requests.observe(decision({ id: 'N-1', subject: null, erasure: erasure(true) }));
    requests.observe(decision({ id: 'X', subject: 'S-3' }));
    expect(requests.list().map((r) => [r.subject, r.deadline, r.due, r.kept.map((k) => `${k.id}: ${k.exemption}`)])).toEqual([
      ['S-2', '2026-02-02', ['B-1'], []],
      ['N-1', '2026-07-15', ['N-1'], []],
      ['S-1', '2026-07-15', ['A-1', 'A-10'], ['A-2: legal obligation — art. 17(3)(b)']],
    ]);
  });

  it('counts an erasable record under a legal hold as kept, naming the hold', () => {
    const requests = new ErasureRequests();
    requests.observe(
      decision({
        id: 'H-1',
        subject: 'S-1',
        status: 'held',
        erasure: erasure(true),
        holds: [{ id: 'H-7', scope: 'subject', ref: 'S-1', reason: 'claim', until: null }],
      }),
    );
    const [request] = requests.list();
    expect(request?.due).toEqual([]);
    expect(request?.kept).toEqual([{ id: 'H-1', status: 'held', exemption: 'legal hold H-7 — legal claims, art. 17(3)(e)' }]);
  });
});
