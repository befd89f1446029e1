/**
 * `store copy` (DESIGN §10): a store moved SQLite → PostgreSQL → SQLite keeps everything — the
 * audit log entry for entry (the same export, byte for byte, and a chain that verifies), the
 * records, events, holds, runs, plans, approvals and confirmations, and the store's id (saved
 * plans name it) — and a destination that is not new is refused with nothing written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAuditExport } from '../../src/audit/export.js';
import { verifyChain } from '../../src/audit/verify.js';
import { copyStore } from '../../src/audit/copy-store.js';
import { createStore, openStore } from '../../src/store/index.js';
import type { RowBatch, Store } from '../../src/store/types.js';
import { describePostgres, freshSchema, type TestLocation } from '../postgres/databases.js';
import { collect, logOfEightEntries, newStore, record } from './helpers.js';

/** A store with something in every table. */
async function fillEveryTable(store: Store): Promise<void> {
  await logOfEightEntries(store);
  const cron = { actor: 'cron', run: 'run-2', policySha256: 'ab'.repeat(32) };
  await store.importRecords(
    [record('R-3', { location: 'paper:box-4', events: { service_ended: '2019-01-01' }, flags: { objection: true } })],
    { actor: 'admin' },
  );
  // A re-import that no longer lists the date: it is kept in the event history (source `import`).
  await store.importRecords([record('R-3', { location: 'paper:box-4', flags: { objection: true } })], { actor: 'admin' });
  const event = await store.addEvent({ scope: 'record', ref: 'R-3', event: 'lpa_registered', date: '2020-02-02' }, { actor: 'dpo' });
  await store.removeEvent(event.id, 'typed on the wrong record', { actor: 'dpo' });
  const hold = await store.addHold(
    { scope: 'category', ref: 'incident', reason: 'claim by "Mrs\tO\'Brien"\nline 2 \\ end', until: '2030-01-01' },
    { actor: 'dpo' },
  );
  await store.releaseHold(hold.id, 'settled', { actor: 'dpo' });
  await store.startRun({ kind: 'apply' }, cron);
  await store.recordIntents([{ record: record('R-3', { location: 'paper:box-4' }), rule: 'r', target: 'paper' }], cron);
  await store.endRun('run-2', 'done', { worklist: 1 });
  await store.savePlan({
    sha256: 'c'.repeat(64),
    asOf: '2025-03-01',
    policySha256: 'ab'.repeat(32),
    validUntil: null,
    body: { decisions: [{ id: 'R-2', note: 'ünïcödé ✓' }] },
  });
  await store.approvePlan({ planSha256: 'c'.repeat(64), note: 'checked' }, { actor: 'dpo' });
  await store.recordConfirmation({ recordId: 'R-3', method: 'cross-cut shredder', note: 'by A. Clerk' }, { actor: 'A. Clerk' });
  await store.appendPolicyWarnings({ count: 1, first: 'policy.yaml:3:5' }, cron);
  // Reconciliation and policy versions: records no longer listed, one forgotten, a policy's text kept.
  await store.importRecords([record('R-4'), record('R-5')], { actor: 'admin' });
  await store.importRecords([record('R-3', { location: 'paper:box-4', flags: { objection: true } })], { actor: 'admin' });
  await store.forgetRecord('R-5', 'shredded in 2019, before the inventory', { actor: 'dpo' });
  await store.keepPolicyText('ab'.repeat(32), 'version: 1\n');
}

async function exportOf(store: Store): Promise<string> {
  let text = '';
  await writeAuditExport(store.auditEntries(), 'jsonl', (chunk) => void (text += chunk));
  return text;
}

/** Every row of every table, as a store copy reads them. */
const rowsOf = async (store: Store): Promise<RowBatch[]> => collect(store.copyOut());

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'retention-copy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('store copy between SQLite stores', () => {
  it('refuses a destination where a file is, and writes nothing to it', async () => {
    const source = await newStore(join(dir, 'a.db'));
    writeFileSync(join(dir, 'b.db'), 'not mine');
    await expect(copyStore(source, join(dir, 'b.db'))).rejects.toMatchObject({ code: 'store.exists' });
    await source.close();
  });
});

describePostgres('store copy SQLite → PostgreSQL → SQLite', () => {
  let place: TestLocation;
  beforeEach(async () => {
    place = await freshSchema();
  });
  afterEach(() => place.drop());

  it('keeps every row and every hash: the same export, a chain that verifies, the same store id', async () => {
    const first = await newStore(join(dir, 'first.db'));
    await fillEveryTable(first);
    const toPostgres = await copyStore(first, place.url);
    const onPostgres = await openStore(place.url, { access: 'read' });
    const back = await copyStore(onPostgres, join(dir, 'back.db'));
    const last = await openStore(join(dir, 'back.db'), { access: 'read' });
    try {
      const exported = await exportOf(first);
      expect(exported.split('\n')).toHaveLength(25);
      expect(await exportOf(onPostgres)).toBe(exported);
      expect(await exportOf(last)).toBe(exported);
      expect(await rowsOf(onPostgres)).toEqual(await rowsOf(first));
      expect(await rowsOf(last)).toEqual(await rowsOf(first));
      expect(await verifyChain(last.auditEntries(), { head: (await first.auditHead())! })).toMatchObject({
        ok: true,
        headMatched: true,
        checked: 24,
      });
      expect(toPostgres.head).toEqual(await first.auditHead());
      expect(back.counts.get('audit')).toBe(24);
      expect(await onPostgres.storeId()).toBe(await first.storeId());
      expect(await last.storeId()).toBe(await first.storeId());
      // What a copy holds is a working store: the open worklist line, the approvals.
      expect((await onPostgres.unsettledIntents()).map((i) => i.record)).toEqual([]);
      expect((await last.approvedPlans()).map((p) => p.approvals[0]?.note)).toEqual(['checked']);
      // Where each event date came from (`event add`, or kept from an import) is copied too.
      expect(await last.listEvents()).toEqual(await first.listEvents());
      expect((await last.listEvents()).map((e) => e.source)).toContain('import');
      expect((await last.noLongerListed()).map((r) => r.id)).toEqual(['R-2', 'R-4']);
      expect(await last.getFacts('R-5')).toBeNull();
    } finally {
      await Promise.all([first, onPostgres, last].map((s) => s.close()));
    }
  });

  it('refuses a database that already holds a store, and changes nothing in it', async () => {
    await createStore(place.url, (store) => store.importRecords([record('R-9')], { actor: 'admin' }));
    const source = await newStore(join(dir, 'source.db'));
    await fillEveryTable(source);
    await expect(copyStore(source, place.url)).rejects.toMatchObject({ code: 'store.exists' });
    const target = await openStore(place.url, { access: 'read' });
    expect((await collect(target.auditEntries())).map((e) => e.action)).toEqual(['import']);
    await Promise.all([source.close(), target.close()]);
  });
});
