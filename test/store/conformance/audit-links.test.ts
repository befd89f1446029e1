/**
 * The links `audit verify` checks (AuditLog.auditLinks): every entry, in seq order across
 * pages, with its content's hash as hashEntry gives it for the entry read back; a row that
 * cannot be read back fails as reading the entries does, after the links before it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hashEntry, type ChainLink } from '../../../src/audit-entry.js';
import { verifyStore } from '../../../src/audit/verify-store.js';
import { allEntries, collect, logOfEightEntries } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

describeEachStore('the audit log as verify reads it', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  const flat = async (pages: AsyncIterable<readonly ChainLink[]>) => (await collect(pages)).flat();

  it("gives every entry's seq, prev, hash, action and record, and its content's hash as hashEntry of the entry read back", async () => {
    await logOfEightEntries(t.store);
    // More than a page, details with members out of order and nested.
    await t.store.appendAudit(
      Array.from({ length: 1001 }, (_, i) => ({
        actor: 'dpo',
        action: 'event' as const,
        detail: { z: i, a: `n\u00e9 "${i}"\n`, counts: { b: true, a: null } },
      })),
    );
    const entries = await allEntries(await t.reopen('read'));
    const links = await flat((await t.reopen('read')).auditLinks());
    expect(links).toEqual(
      entries.map((e) => ({ seq: e.seq, prev: e.prev, hash: e.hash, contentHash: hashEntry(e), action: e.action, record: e.record })),
    );
    expect(links.every((link) => link.contentHash === link.hash)).toBe(true);
  });

  it('fails on a row that cannot be read back as reading the entries does, after the links before it', async () => {
    await logOfEightEntries(t.store);
    await t.tamper(
      `INSERT INTO audit (seq, at, actor, action, detail, prev, hash) VALUES (9, '2026-01-01T00:00:00.000Z', 'x', 'event', '{"n":1.5}', 'p', 'h')`,
    );
    const store = await t.reopen('read');
    const entriesError = await allEntries(store).then(
      () => null,
      (error: unknown) => error,
    );
    const seen: number[] = [];
    let linksError: unknown = null;
    try {
      for await (const links of store.auditLinks()) seen.push(...links.map((link) => link.seq));
    } catch (error) {
      linksError = error;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(entriesError).toBeInstanceOf(Error);
    expect(linksError).toEqual(entriesError);
    expect(String(linksError)).toMatch(/audit entry 9: its detail "n" is not a string, integer/);
  });

  it('reads a row given a seq below 1 by hand first, so that the chain fails on it: a forged deletion entry outside the chain explained a forged tombstone', async () => {
    await logOfEightEntries(t.store);
    const forged = `INSERT INTO audit (seq, at, actor, action, record, detail, prev, hash) VALUES (0, '2026-01-01T00:00:00.000Z', 'x', 'deleted', 'R-1', '{"result":"deleted"}', 'p', 'h')`;
    // PostgreSQL refuses it until an owner drops the CHECK; SQLite takes any seq.
    await t.tamper(kind.name === 'PostgreSQL' ? `ALTER TABLE audit DROP CONSTRAINT audit_seq_check; ${forged}` : forged);
    const store = await t.reopen('read');
    expect((await flat(store.auditLinks())).map((link) => link.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const verdict = await verifyStore(store, null);
    expect(verdict.firstBad).toMatchObject({ seq: 1, problem: expect.stringMatching(/found seq 0/) as unknown });
  });
});
