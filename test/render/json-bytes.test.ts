/** JSON text written straight to bytes is byte for byte what JSON.stringify writes, encoded as UTF-8. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonBytes, utf8 } from '../../src/cli/render/json-bytes.js';

const written = (write: (json: JsonBytes) => void): Buffer => {
  const json = new JsonBytes();
  write(json);
  return Buffer.concat(json.take());
};

describe('JsonBytes', () => {
  it('writes any text as JSON.stringify does: escapes, lone surrogates, pairs and all', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '→', 'é', '\ud83d', '\ude00', 'a') }),
    );
    fc.assert(
      fc.property(fc.array(fc.option(text, { nil: null })), (values) => {
        const bytes = written((json) => values.forEach((value) => json.stringOrNull(value)));
        expect(bytes.equals(Buffer.from(values.map((value) => JSON.stringify(value)).join(''), 'utf8'))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps text in order across buffers, and hands out pieces it never writes to again', () => {
    const json = new JsonBytes();
    const long = 'x'.repeat(100_000);
    json.raw(utf8('['));
    json.string(long);
    const first = json.take();
    const before = Buffer.concat(first);
    for (let i = 0; i < 20_000; i++) {
      json.raw(utf8(','));
      json.string(`R-${i}`);
    }
    json.raw(utf8(']'));
    expect(Buffer.concat(first).equals(before)).toBe(true);
    const all = Buffer.concat([...first, ...json.take()]).toString('utf8');
    expect(JSON.parse(all)).toEqual([long, ...Array.from({ length: 20_000 }, (_, i) => `R-${i}`)]);
  });
});
