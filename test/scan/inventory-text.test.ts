/**
 * The scan writes rows with nothing to quote by joining their cells (inventory-text.ts): the text
 * must be exactly csv-stringify's, for every row, quoted or not.
 */
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/scan/inventory-text.js';

const cell = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', '/', ':', ',', '"', '\r', '\n', 'é', '\u200b', "'") }),
  fc.constant(''),
);

describe('csvLine', () => {
  it('writes every row exactly as csv-stringify does', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        expect(csvLine(cells)).toBe(stringify([cells]));
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes what needs quoting', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', 'cr\r', ''])).toBe('"a,b","say ""hi""","two\nlines","cr\r",\n');
  });
});
