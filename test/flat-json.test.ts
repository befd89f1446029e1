/**
 * A record's events and flags are stored as JSON text written by flatObjectJson, not by
 * JSON.stringify: the two must give the same text for every object, or a store's rows would
 * change with the code that wrote them (the import's "unchanged" compares that text).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatObjectJson } from '../src/flat-json.js';

// Keys and values with what JSON escapes (quotes, backslashes, control characters, lone
// surrogates), integer-like keys (which JSON.stringify writes first), and plain dates.
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\ud800', '\udc00', 'a', '7', 'é', '\u2028') }),
  fc.nat().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

describe('the JSON text of a flat object', () => {
  it('is what JSON.stringify writes, for string and boolean values', () => {
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.boolean())), (object) => {
        expect(flatObjectJson(object)).toBe(JSON.stringify(object));
      }),
      { numRuns: 5000 },
    );
  });

  it('is "{}" for an object without keys, frozen or without a prototype', () => {
    expect(flatObjectJson(Object.freeze({}))).toBe('{}');
    expect(flatObjectJson(Object.create(null) as Record<string, string>)).toBe('{}');
  });
});
