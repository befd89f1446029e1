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

describe('SeenIds beyond its compact arena', () => {
  test('answers as a Map does for long ids, wide characters and places beyond 32 bits', () => {
    const id = fc.oneof(
      fc.constantFrom('R-1', 'é', '\u0100', 'R-1'.padEnd(255, 'x'), 'R-1'.padEnd(256, 'x'), 'ÿ'.repeat(300)),
      fc.string({ minLength: 250, maxLength: 260, unit: fc.constantFrom('a', 'b') }),
    );
    const place = fc.oneof(fc.nat(), fc.constantFrom(0, 0xffffffff, 2 ** 32, 2 ** 40 + 3, 2 ** 53 - 1));
    fc.assert(
      fc.property(fc.array(fc.tuple(id, place), { maxLength: 200 }), (entries) => {
        const first = new Map<string, number>();
        const seen = new SeenIds();
        for (const [text, at] of entries) {
          const expected = first.get(text);
          if (expected === undefined) first.set(text, at);
          expect(seen.firstPlaceOf(text, at)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
