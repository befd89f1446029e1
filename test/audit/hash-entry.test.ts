/** An entry's hash is SHA-256 of the library's canonical JSON of the entry without `hash`, whatever its members hold. */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashEntry, type AuditEntry } from '../../src/audit-entry.js';

const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string());
const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const detail = fc.oneof(
  fc.constant(null),
  fc.dictionary(text, fc.oneof(scalar, fc.dictionary(text, scalar), fc.array(scalar), fc.constant(undefined))),
);
const entry = fc.record({
  seq: fc.integer({ min: 1 }),
  at: text,
  actor: text,
  action: text,
  run: fc.option(text),
  record: fc.option(text),
  subject: fc.option(text),
  category: fc.option(text),
  rule: fc.option(text),
  policySha256: fc.option(text),
  detail,
  prev: text,
});

describe('hashEntry', () => {
  it('hashes the canonical JSON of the entry without its hash, with or without a hash member', () => {
    fc.assert(
      fc.property(entry, fc.option(text, { nil: undefined }), (body, hash) => {
        const expected = createHash('sha256').update(canonicalize(body)!, 'utf8').digest('hex');
        expect(hashEntry(body as Omit<AuditEntry, 'hash'>)).toBe(expected);
        expect(hashEntry({ ...(body as Omit<AuditEntry, 'hash'>), hash })).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
