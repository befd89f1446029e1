/** The compact set behind duplicate-id detection answers exactly as a Map of the ids would. */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { IdSet } from '../../src/inventory/id-set.js';

/** What a Map of every id to its first place answers for `id` at `place`. */
function mapReference(): (id: string, place: number) => number | undefined {
  const firstPlaces = new Map<string, number>();
  return (id, place) => {
    const first = firstPlaces.get(id);
    if (first === undefined) firstPlaces.set(id, place);
    return first;
  };
}

describe('IdSet', () => {
  test('answers as a Map does, for any ids, repeated or not, of any text', () => {
    const id = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('', 'a', 'R-1', 'é', '\ud800'));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), (ids) => {
        const set = new IdSet();
        const reference = mapReference();
        ids.forEach((each, place) => expect(set.addOrFirstPlace(each, place)).toBe(reference(each, place)));
      }),
    );
  });

  test('keeps every id exactly across growth: ids that share a 32-bit hash are still told apart', () => {
    // These 300,000 ids hold 7 pairs with the same 32-bit hash (the birthday bound); none is a duplicate.
    const set = new IdSet();
    const count = 300_000;
    let found = 0;
    for (let place = 0; place < count; place++) if (set.addOrFirstPlace(`NHS-${place * 7919}`, place) !== undefined) found += 1;
    expect(found).toBe(0);
    for (const place of [0, 1, 4095, 4096, 65_536, count - 1])
      expect(set.addOrFirstPlace(`NHS-${place * 7919}`, count + place)).toBe(place);
    expect(set.addOrFirstPlace('NHS-1', count * 2)).toBeUndefined();
    expect(set.addOrFirstPlace('NHS-1', count * 2 + 1)).toBe(count * 2);
  });
});
