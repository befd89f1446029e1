/**
 * The run's batches (location-batches.ts): records that share an item go in one batch, so that
 * one transaction's recheck sees all of them; otherwise the order and the batch size stay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locationBatches } from '../../src/apply/location-batches.js';
import { locationKey } from '../../src/location.js';

const at = (id: string, location: string | null) => ({ id, record: { location } });
const ids = (batches: { id: string }[][]) => batches.map((batch) => batch.map((item) => item.id));

describe('batches of a run', () => {
  it('are slices of the batch size when no two records share a location', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((id) => at(id, `files:${id}.pdf`));
    expect(ids(locationBatches(items, 2))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('pull a record up to the first at its location (folded), and end a batch early rather than split them', () => {
    const items = [at('a', 'files:x.pdf'), at('b', 'files:b.pdf'), at('c', null), at('d', 'files:./X.PDF'), at('e', null)];
    expect(ids(locationBatches(items, 2))).toEqual([['a', 'd'], ['b', 'c'], ['e']]);
    expect(ids(locationBatches(items, 3))).toEqual([
      ['a', 'd', 'b'],
      ['c', 'e'],
    ]);
  });

  it('give a group larger than a batch a batch of its own', () => {
    const items = [at('a', 'files:a.pdf'), ...['1', '2', '3'].map((n) => at(`s${n}`, 'files:shared.pdf')), at('z', 'files:z.pdf')];
    expect(ids(locationBatches(items, 2))).toEqual([['a'], ['s1', 's2', 's3'], ['z']]);
  });

  it('hold every record once, never split a location, and never exceed the size but for one location', () => {
    const item = fc.record({
      id: fc.uuid(),
      record: fc.record({ location: fc.option(fc.constantFrom('files:a', 'files:A', 'files:b', 'db:1', 'db:01')) }),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (items, size) => {
        const batches = locationBatches(items, size);
        expect(
          batches
            .flat()
            .map((i) => i.id)
            .sort(),
        ).toEqual(items.map((i) => i.id).sort());
        const batchOf = new Map<string, number>();
        batches.forEach((batch, n) => {
          const keys = new Set(batch.map((i) => locationKey(i.record.location)).filter((k) => k !== null));
          if (batch.length > size) expect(keys.size).toBe(1);
          for (const i of batch) {
            const key = locationKey(i.record.location);
            if (key === null) continue;
            expect(batchOf.get(key) ?? n).toBe(n);
            batchOf.set(key, n);
          }
        });
      }),
    );
  });
});
