/**
 * SeenIds replaces a Map from id to first place in the duplicate-id check of every inventory
 * source: for any sequence of ids it must answer exactly as the Map would, also for ids that
 * share a hash, ids that are prefixes of each other, and text beyond ASCII.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SeenIds } from '../../src/inventory/seen-ids.js';

/** The reference: what uniqueRecordBatches did with a Map. */
function mapAnswers(ids: readonly string[]): (number | undefined)[] {
  const first = new Map<string, number>();
  return ids.map((id, place) => {
    const seen = first.get(id);
    if (seen === undefined) first.set(id, place);
    return seen;
  });
}

function seenIdsAnswers(ids: readonly string[]): (number | undefined)[] {
  const seen = new SeenIds();
  return ids.map((id, place) => seen.firstPlaceOf(id, place));
}

describe('SeenIds', () => {
  test('answers as a Map of first places does, for any ids (few distinct ones, so that many repeat)', () => {
    const id = fc.oneof(
      fc.constantFrom('R-1', 'R-10', 'R-1 ', 'r-1', '', 'é', '\u{1F600}', '\ud800', 'R-43987', 'R-382880'),
      fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'b', 'ß', '\u{10348}') }),
      fc.string({ maxLength: 30, unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), (ids) => {
        expect(seenIdsAnswers(ids)).toEqual(mapAnswers(ids));
      }),
      { numRuns: 500 },
    );
  });

  test('tells apart two ids with the same hash, each with its own first place', () => {
    // These two ids hash alike (found by trying, …): a hit on the hash alone is no duplicate.
    const ids = ['R-43987', 'R-382880', 'R-382880', 'R-43987'];
    expect(seenIdsAnswers(ids)).toEqual([undefined, undefined, 1, 0]);
  });

  test('keeps every first place through its growth, over a hundred thousand ids', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `R-${i % 60_000}`);
    expect(seenIdsAnswers(ids)).toEqual(mapAnswers(ids));
  });
});
