/**
 * `audit verify` recomputes each entry's hash from its stored row (rows/audit-links.ts), the
 * detail's canonical JSON straight from its stored text when it is plain: for every row,
 * hostile ones included (details with escapes, lone surrogates, non-canonical numbers, keys out
 * of order or twice, white space, text that is not JSON or not what retention writes; members
 * that are not text), the outcome must be the reference's: the hash of the entry read back
 * (tupleToEntry, hashEntry), or the same error for a row that cannot be read back.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashEntry } from '../../src/audit-entry.js';
import { tupleToEntry, type AuditTuple } from '../../src/store/rows/audit.js';
import { linkOfRow, linkPages } from '../../src/store/rows/audit-links.js';
import { canonicalDetailText } from '../../src/store/rows/canonical-detail.js';
import { storedDetail } from '../../src/store/stored-values.js';

const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;
const RUNS = Number(process.env.CANONICAL_RUNS ?? 3000);

// Full Unicode, lone surrogates, control characters, quotes and backslashes.
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string(),
  fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', '/', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00', 'é', ' ') }),
);
const key = fc.oneof(text, fc.constantFrom('target', 'location', '__proto__', 'constructor', '1', '10', '9', 'a', 'A', 'é', ''));
const integer = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 999_999_999_999_999, 1e15, -1e15, 2 ** 53 - 1, 2 ** 53, -(2 ** 53) - 2));
const scalar = fc.oneof(text, integer, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.dictionary(key, scalar, { maxKeys: 4 }), fc.array(scalar, { maxLength: 2 }));
const detailValue = fc.dictionary(key, value, { maxKeys: 5 });

/**
 * A detail as text, written as JSON can be (every choice taken from `choices`, in turn): white
 * space around any token, members in any order and sometimes twice, strings with characters
 * escaped in either case, numbers with a fraction, an exponent or as -0.
 */
function writeDetail(detail: unknown, choices: readonly number[]): string {
  let next = 0;
  const choose = (n: number): number => (choices.length === 0 ? 0 : choices[next++ % choices.length]! % n);
  const space = () => ['', '', '', ' ', '\n', '\t', '\r\n '][choose(7)]!;
  const string = (s: string): string => {
    const how = choose(5);
    if (how > 1) return JSON.stringify(s);
    // Raw, as JSON.parse reads it too: lone surrogates and characters JSON.stringify would escape.
    if (how === 1 && [...s].every((c) => c >= ' ' && c !== '"' && c !== '\\')) return `"${s}"`;
    let out = '"';
    for (const unit of s.split('')) {
      const code = unit.charCodeAt(0);
      const hex = code.toString(16).padStart(4, '0');
      const how = choose(4);
      if (how === 0) out += `\\u${hex}`;
      else if (how === 1) out += `\\u${hex.toUpperCase()}`;
      else if (unit === '/' && how === 2) out += '\\/';
      else out += JSON.stringify(unit).slice(1, -1);
    }
    return `${out}"`;
  };
  const number = (n: number): string => {
    const canonical = JSON.stringify(n);
    if (!Number.isInteger(n)) return canonical;
    return [canonical, canonical, `${canonical}.0`, `${canonical}e0`, `${canonical}E+00`, n === 0 ? '-0' : canonical, `0${canonical}`][
      choose(7)
    ]!;
  };
  const write = (v: unknown): string => {
    if (typeof v === 'string') return string(v);
    if (typeof v === 'number') return number(v);
    if (Array.isArray(v)) return `[${space()}${v.map(write).join(`${space()},${space()}`)}${space()}]`;
    if (v !== null && typeof v === 'object') {
      const members = Object.entries(v);
      if (members.length > 1 && choose(3) === 0) members.reverse();
      if (members.length > 0 && choose(6) === 0) members.push([members[0]![0], null]);
      const body = members.map(([k, m]) => `${space()}${string(k)}${space()}:${space()}${write(m)}${space()}`).join(',');
      return `{${body}${body === '' ? space() : ''}}`;
    }
    return JSON.stringify(v);
  };
  return `${space()}${write(detail)}${space()}`;
}

const choices = fc.array(fc.nat(), { maxLength: 64 });
const writtenDetail = fc.tuple(detailValue, choices).map(([detail, taken]) => writeDetail(detail, taken));
/** Stored detail texts: written as above, plain JSON.stringify, cut short, or anything at all. */
const storedDetailText = fc.oneof(
  { weight: 4, arbitrary: writtenDetail },
  { weight: 2, arbitrary: detailValue.map((detail) => JSON.stringify(detail)) },
  { weight: 1, arbitrary: fc.tuple(writtenDetail, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))) },
  { weight: 1, arbitrary: fc.oneof(text, fc.constantFrom('{}', '[]', 'null', '1', '"x"', '{"a":1}x', '\ufeff{}', '{"a":{"b":{}}}')) },
);

/** What a reader makes of a row: the hash, or the error's message. */
function outcome(read: () => string): { hash: string } | { error: string } {
  try {
    return { hash: read() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
}

const reference = (row: AuditTuple) => outcome(() => hashEntry(tupleToEntry(row)));
const fast = (row: AuditTuple) => outcome(() => linkOfRow(row).contentHash);

// A tampered row may hold a number or a blob where retention writes text.
const member = fc.oneof(
  { weight: 8, arbitrary: fc.option(text) },
  { weight: 1, arbitrary: fc.oneof(integer, fc.constant(Buffer.from('ab'))) },
);
const row = fc
  .tuple(
    fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 53, 1.5, -0, '7') }),
    fc.array(member, { minLength: 9, maxLength: 9 }),
    fc.oneof({ weight: 6, arbitrary: fc.option(storedDetailText) }, { weight: 1, arbitrary: member }),
    fc.oneof(text, fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 })),
    text,
  )
  .map(([seq, members, detail, prev, hash]) => [seq, ...members.slice(0, 9), detail, prev, hash] as unknown as AuditTuple);

describe('canonicalDetailText', () => {
  it('reads only details the store reads back, and writes exactly the library’s canonical JSON of them', () => {
    fc.assert(
      fc.property(storedDetailText, (stored) => {
        const canonical = canonicalDetailText(stored);
        if (canonical !== null) expect(canonical).toBe(canonicalize(storedDetail(stored, 1)));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads the details retention and the benchmark write: members in any order, white space, one level of objects', () => {
    const details = [
      '{"target":"files","location":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}',
      '{"target": "files", "location": "00000000000000000000000000000000000000000000000000000000000003e8"}',
      '{"counts":{"added":3,"updated":0,"removed":-1},"file":"ab12","dryRun":false,"note":null}',
      '{ }',
    ];
    for (const stored of details) expect(canonicalDetailText(stored)).toBe(canonicalize(storedDetail(stored, 1)));
  });

  it('leaves to the reference way what needs more than sorting: escapes, non-canonical numbers, keys twice, deeper objects', () => {
    for (const stored of [
      '{"a":"\\n"}',
      '{"a":"\\u0041"}',
      '{"a":1.0}',
      '{"a":1e2}',
      '{"a":-0}',
      '{"a":1,"a":2}',
      '{"a":{"b":{}}}',
      '{"a":[1]}',
    ])
      expect(canonicalDetailText(stored)).toBeNull();
  });
});

describe('linkOfRow', () => {
  it("recomputes every row's hash as the entry read back hashes, or fails as reading it back does", () => {
    fc.assert(
      fc.property(row, (stored) => {
        expect(fast(stored)).toEqual(reference(stored));
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps the row's seq, prev and hash as stored", () => {
    const stored: AuditTuple = [
      7,
      '2026-01-01T00:00:00.000Z',
      'dpo',
      'event',
      null,
      null,
      'S-1',
      null,
      null,
      null,
      null,
      'p'.repeat(64),
      'h',
    ];
    expect(linkOfRow(stored)).toMatchObject({ seq: 7, prev: 'p'.repeat(64), hash: 'h' });
  });
});

describe('linkPages', () => {
  it('yields the links before a row that cannot be read back, then fails as reading that row back does', async () => {
    const good = (seq: number): AuditTuple => [seq, 'at', 'dpo', 'event', null, null, null, null, null, null, '{"a":1}', 'p', 'h'];
    const bad: AuditTuple = [3, 'at', 'dpo', 'event', null, null, null, null, null, null, '{"a":1.5}', 'p', 'h'];
    async function* pages() {
      yield [good(1), good(2), bad, good(4)];
    }
    const seen: number[] = [];
    let failure: unknown = null;
    try {
      for await (const links of linkPages(pages())) seen.push(...links.map((link) => link.seq));
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual([1, 2]);
    expect(failure).toBeInstanceOf(Error);
    expect(() => tupleToEntry(bad)).toThrow((failure as Error).message);
  });
});
