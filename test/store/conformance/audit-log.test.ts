/** The audit log part of the store contract: one chain, numbered without gaps, its head, its filters. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyChain } from '../../../src/audit/verify.js';
import { allEntries, logOfEightEntries, record } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

describeEachStore('the audit log', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('has no head while empty, and a sound store has nothing to report', async () => {
    expect(await t.store.auditHead()).toBeNull();
    expect(await allEntries(t.store)).toEqual([]);
    expect(await t.store.integrityCheck()).toEqual([]);
  });

  it('numbers entries 1, 2, 3… and verifies, with the head on the last entry', async () => {
    const head = await logOfEightEntries(t.store);
    const entries = await allEntries(await t.reopen('read'));
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(entries.at(-1)?.hash).toBe(head.hash);
    expect(head.seq).toBe(8);
    expect(await verifyChain(entries, { head })).toMatchObject({ ok: true, checked: 8, lastSeq: 8 });
    expect(await t.store.integrityCheck()).toEqual([]);
  });

  it('keeps one chain when two connections append in turn', async () => {
    const head = await logOfEightEntries(t.store);
    const other = await t.reopen();
    for (let i = 0; i < 3; i += 1) {
      await t.store.appendAudit([{ actor: 'a', action: 'event' }]);
      await other.appendAudit([
        { actor: 'b', action: 'event' },
        { actor: 'b', action: 'event' },
      ]);
    }
    expect(await verifyChain(t.store.auditEntries(), { head })).toMatchObject({ ok: true, checked: 17 });
    expect(await other.auditHead()).toEqual(await t.store.auditHead());
  });

  it('fills in seq, at, prev and hash, and null for what a draft leaves out', async () => {
    const [first, second] = await t.store.appendAudit([
      { actor: 'dpo', action: 'erasure-completed', subject: 'S-1', detail: { requested: '2026-01-02' } },
      { actor: 'dpo', action: 'event' },
    ]);
    expect(first).toMatchObject({
      seq: 1,
      actor: 'dpo',
      action: 'erasure-completed',
      run: null,
      record: null,
      subject: 'S-1',
      policySha256: null,
      prev: '0'.repeat(64),
    });
    expect(first?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(second).toMatchObject({ seq: 2, prev: first?.hash, detail: null });
    expect(await allEntries(t.store)).toEqual([first, second]);
  });

  it('writes a long append (many entries in one go) exactly as it returned them, in order, and verifies', async () => {
    const drafts = Array.from({ length: 101 }, (_, i) => ({
      actor: 'cron',
      action: 'event' as const,
      record: `R-${i}`,
      subject: i % 3 === 0 ? null : `S-${i}`,
      detail: { n: i, quote: `"${i}"\\`, nested: { ok: i % 2 === 0 } },
    }));
    const appended = await t.store.appendAudit(drafts);
    const entries = await allEntries(await t.reopen('read'));
    expect(entries).toEqual(appended);
    expect(entries.map((e) => e.record)).toEqual(drafts.map((d) => d.record));
    expect(await verifyChain(entries)).toMatchObject({ ok: true, checked: 101 });
  });

  it('finds entries by record, subject, run, action and time, each filter narrowing the others', async () => {
    await logOfEightEntries(t.store);
    const all = await allEntries(t.store);
    const seqs = (entries: { seq: number }[]) => entries.map((e) => e.seq);
    expect(seqs(await allEntries(t.store, { record: 'R-1' }))).toEqual(seqs(all.filter((e) => e.record === 'R-1')));
    expect(seqs(await allEntries(t.store, { subject: 'S-1' }))).toEqual(seqs(all.filter((e) => e.subject === 'S-1')));
    expect(seqs(await allEntries(t.store, { run: 'run-1' }))).toEqual([4, 5, 6, 7]);
    expect(seqs(await allEntries(t.store, { run: 'run-1', action: 'intent' }))).toEqual([5]);
    expect(seqs(await allEntries(t.store, { since: all[5]?.at ?? '' }))).toEqual([6, 7, 8]);
    expect(seqs(await allEntries(t.store, { since: '2999-01-01' }))).toEqual([]);
    expect(seqs(await allEntries(t.store, { record: 'R-2', action: 'deleted' }))).toEqual([]);
  });

  it("logs a policy version's warnings once, whoever logs them again", async () => {
    const detail = { count: 1, first: 'policy.yaml:3:5 unknown event' };
    const by = { actor: 'cron', run: 'run-1', policySha256: 'ab'.repeat(32) };
    expect(await t.store.appendPolicyWarnings(detail, by)).toBe(true);
    expect(await (await t.reopen()).appendPolicyWarnings(detail, { ...by, run: 'run-2' })).toBe(false);
    expect(await t.store.appendPolicyWarnings(detail, { ...by, policySha256: 'cd'.repeat(32) })).toBe(true);
    const entries = await allEntries(t.store, { action: 'policy-warnings' });
    expect(entries.map((e) => [e.actor, e.run, e.policySha256, e.detail])).toEqual([
      ['cron', 'run-1', 'ab'.repeat(32), detail],
      ['cron', 'run-1', 'cd'.repeat(32), detail],
    ]);
  });

  it('reads lazily: the caller may write while it reads', async () => {
    await t.store.importRecords([record('R-1')], { actor: 'admin' });
    await t.store.appendAudit([{ actor: 'dpo', action: 'event' }]);
    const read: number[] = [];
    for await (const entry of t.store.auditEntries()) {
      read.push(entry.seq);
      if (entry.seq === 1) await t.store.addHold({ scope: 'record', ref: 'R-1', reason: 'r', until: null }, { actor: 'dpo' });
    }
    expect(read.slice(0, 2)).toEqual([1, 2]);
    expect(await t.store.auditHead()).toMatchObject({ seq: 3 });
  });
});
