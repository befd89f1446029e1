/** The compact set that finds an inventory's duplicate ids: a seen id is always suspected again, a new one never is. */
import { describe, expect, test } from 'vitest';
import { IdHashSet } from '../../src/inventory/id-set.js';

describe('IdHashSet', () => {
  test('suspects every id seen before, at its place, and no new one, across growth', () => {
    const set = new IdHashSet();
    const count = 200_000;
    let suspected = 0;
    for (let place = 0; place < count; place++) if (set.addOrMatches(`NHS-${place * 7919}`, place) !== null) suspected += 1;
    expect(suspected).toBe(0);
    for (const place of [0, 1, 65_535, 65_536, 199_999]) expect(set.addOrMatches(`NHS-${place * 7919}`, count + place)).toEqual([place]);
    expect(set.addOrMatches('NHS-1', count * 2)).toBeNull();
  });

  test('an id kept beside one that only shares its hash is suspected at both places', () => {
    const set = new IdHashSet();
    expect(set.addOrMatches('a', 1)).toBeNull();
    set.addAnyway('a', 2);
    expect(set.addOrMatches('a', 3)).toEqual([1, 2]);
  });
});
