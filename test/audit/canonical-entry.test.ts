/**
 * `audit verify` writes each entry's canonical JSON without the library's per-object sort; the
 * text must be byte for byte the library's, for entries as the store reads them back and for
 * anything else an export or a tampered store may hold.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntryJson } from '../../src/audit-entry.js';

const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;
const RUNS = Number(process.env.CANONICAL_RUNS ?? 2000);

// Full Unicode, lone surrogates and control characters included: JSON.stringify escapes them.
const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());
const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const detail = fc.oneof(fc.constant(null), fc.dictionary(text, fc.oneof(scalar, fc.dictionary(text, scalar))));
const member = (value: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.oneof(scalar, detail, fc.array(scalar)) });
const entry = fc.record({
  seq: member(fc.integer({ min: 1 })),
  at: member(text),
  actor: member(text),
  action: member(text),
  run: member(fc.option(text)),
  record: member(fc.option(text)),
  subject: member(fc.option(text)),
  category: member(fc.option(text)),
  rule: member(fc.option(text)),
  policySha256: member(fc.option(text)),
  detail: member(detail),
  prev: member(text),
});

describe('canonicalEntryJson', () => {
  it("is the canonicalize library's text for any entry", () => {
    fc.assert(
      fc.property(entry, (value) => {
        expect(canonicalEntryJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: RUNS },
    );
  });

  it("is the library's text for an object with a member missing, undefined or extra, or with toJSON", () => {
    const altered = fc
      .tuple(entry, fc.constantFrom('missing', 'undefined', 'extra', 'toJSON'), fc.nat(11), text)
      .map(([value, how, i, name]) => {
        const copy: Record<string, unknown> = { ...value };
        const key = Object.keys(copy)[i]!;
        if (how === 'missing') delete copy[key];
        if (how === 'undefined') copy[key] = undefined;
        if (how === 'extra') copy[`${name}x`] = name;
        if (how === 'toJSON') copy.toJSON = () => ({ replaced: name });
        return copy;
      });
    fc.assert(
      fc.property(altered, (value) => {
        expect(canonicalEntryJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: RUNS },
    );
  });

  it("is the library's text for an inherited member or an inherited toJSON", () => {
    const members = ['seq', 'at', 'actor', 'action', 'run', 'record', 'subject', 'category', 'rule', 'policySha256', 'detail', 'prev'];
    const inheritsSeq = Object.create({ seq: 1 }) as Record<string, unknown>;
    for (const key of [...members.slice(1), 'hash']) inheritsSeq[key] = key;
    expect(canonicalEntryJson(inheritsSeq)).toBe(canonicalize(inheritsSeq));
    class Replaced {
      toJSON() {
        return { replaced: true };
      }
    }
    const replaced = Object.assign(new Replaced(), Object.fromEntries(members.map((key) => [key, key])));
    expect(canonicalEntryJson(replaced)).toBe(canonicalize(replaced));
  });
});
