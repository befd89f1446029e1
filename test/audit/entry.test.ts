import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_PREV, hashEntry, hashLocation, sealEntry, type AuditEntry } from '../../src/audit-entry.js';
import { verifyChain } from '../../src/audit/verify.js';

const AT = '2025-01-01T00:00:00.000Z';

function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= n; seq += 1) {
    entries.push(sealEntry({ actor: 'cron', action: 'event', detail: { n: seq } }, seq, AT, entries.at(-1)?.hash ?? GENESIS_PREV));
  }
  return entries;
}

describe('sealEntry and hashEntry', () => {
  it('fills missing members with null and hashes the JCS text of the entry without its hash', () => {
    const entry = sealEntry({ actor: 'dpo', action: 'hold', detail: { hold: 'H-1', b: true } }, 1, AT, GENESIS_PREV);
    expect(entry).toMatchObject({ run: null, record: null, subject: null, category: null, rule: null, policySha256: null });
    // Written by hand in JCS order (keys sorted, no spaces), independent of the library.
    const jcs =
      `{"action":"hold","actor":"dpo","at":"${AT}","category":null,"detail":{"b":true,"hold":"H-1"},` +
      `"policySha256":null,"prev":"${GENESIS_PREV}","record":null,"rule":null,"run":null,"seq":1,"subject":null}`;
    expect(entry.hash).toBe(createHash('sha256').update(jcs, 'utf8').digest('hex'));
    expect(hashEntry(entry)).toBe(entry.hash);
  });

  it('refuses detail values that JCS implementations may serialise differently, and unknown actions', () => {
    expect(() => sealEntry({ actor: 'a', action: 'event', detail: { ratio: 0.5 } }, 1, AT, GENESIS_PREV)).toThrow(/integer/);
    expect(() => sealEntry({ actor: 'a', action: 'nope' as 'event' }, 1, AT, GENESIS_PREV)).toThrow(/unknown audit action/);
  });

  it('hashes locations so that no path reaches the log', () => {
    expect(hashLocation('casefiles:a/b.pdf')).toBe(createHash('sha256').update('casefiles:a/b.pdf').digest('hex'));
  });
});

describe('verifyChain', () => {
  it('accepts a sound chain, from an array or an async iterable', async () => {
    const entries = chain(4);
    expect(await verifyChain(entries)).toEqual({
      ok: true,
      checked: 4,
      lastSeq: 4,
      lastHash: entries[3]?.hash,
      headMatched: false,
      firstBad: null,
    });
    async function* stream() {
      yield* entries;
    }
    expect((await verifyChain(stream(), { head: { seq: 2, hash: entries[1]!.hash } })).ok).toBe(true);
  });

  it('names the first entry whose prev does not match', async () => {
    const entries = chain(3);
    const forged = sealEntry({ actor: 'x', action: 'event' }, 2, AT, 'f'.repeat(64));
    const result = await verifyChain([entries[0]!, forged, entries[2]!]);
    expect(result).toMatchObject({ ok: false, checked: 1, firstBad: { seq: 2, problem: expect.stringContaining('prev') } });
  });

  it('treats an empty log as sound, unless a head was saved', async () => {
    expect((await verifyChain([])).ok).toBe(true);
    expect(await verifyChain([], { head: { seq: 1, hash: 'a'.repeat(64) } })).toMatchObject({ ok: false, firstBad: { seq: 1 } });
  });
});
