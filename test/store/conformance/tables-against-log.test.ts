/**
 * The tables-against-log part of the store contract for events and records: every kind of
 * store reports an events row, or a record's deleted state, that its `event`, `event-remove`,
 * `deleted`, `confirm` or `reappeared` entries do not account for (rows changed behind the
 * tool's back with sqlite3 or psql).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { InRun, Store } from '../../../src/store/types.js';
import { isDeletionAction } from '../../../src/audit-entry.js';
import { allEntries, record } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

const CRON: InRun = { actor: 'cron', run: 'run-1', policySha256: null };

/** What a run journals to delete `ids`: their intents, then their `deleted` outcomes. */
async function journalDeletions(store: Store, ids: readonly string[]): Promise<void> {
  await store.recordIntents(
    ids.map((id) => ({ record: record(id), rule: 'care-records', target: 'casefiles' })),
    CRON,
  );
  await store.recordOutcomes(
    ids.map((recordId) => ({ recordId, outcome: 'deleted' as const, rule: 'care-records', detail: {} })),
    CRON,
  );
}

describeEachStore('the events and records tables against the log', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
    await t.store.importRecords([record('R-1'), record('R-2'), record('R-3', { location: 'paper:box-4' })], { actor: 'admin' });
  });
  afterEach(() => t.cleanup());

  const codes = async () => (await t.store.tablesAgainstLog()).map((m) => [m.code, m.about]);

  it('agree after events added and removed, records deleted, confirmed and found back', async () => {
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'consent_withdrawn', date: '2021-01-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'erasure_requested', date: '2021-02-01' }, { actor: 'dpo' });
    await t.store.removeEvent('E-1', 'entered in error', { actor: 'dpo' });
    await t.store.startRun({ kind: 'apply' }, CRON);
    await journalDeletions(t.store, ['R-1', 'R-2']);
    await t.store.recordConfirmation({ recordId: 'R-3', method: 'shredded', rule: 'care-records' }, { actor: 'Dee Pio' });
    await t.store.markReappeared([{ id: 'R-2', target: 'casefiles' }], { actor: 'cron' });
    expect(await codes()).toEqual([]);
  });

  it('name a forged, changed, un-removed or missing events row', async () => {
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'consent_withdrawn', date: '2021-01-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'erasure_requested', date: '2021-02-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'record', ref: 'R-2', event: 'service_ended', date: '2021-03-01' }, { actor: 'dpo' });
    await t.store.removeEvent('E-1', 'entered in error', { actor: 'dpo' });
    await t.tamper(
      "INSERT INTO events (id, num, scope, ref, event, date, added_by, added_at, source) VALUES ('E-14', 14, 'record', 'R-2', 'consent_withdrawn', '2018-01-01', 'root', '2018-01-01T00:00:00.000Z', 'import');" +
        "UPDATE events SET removed_at = NULL, removed_by = NULL WHERE id = 'E-1';" +
        "UPDATE events SET date = '2018-01-01' WHERE id = 'E-2';" +
        "DELETE FROM events WHERE id = 'E-3';",
    );
    expect(await codes()).toEqual([
      ['store.event-removal-missing', 'E-1'],
      ['store.event-differs', 'E-2'],
      ['store.event-not-logged', 'E-14'],
      ['store.event-missing', 'E-3'],
    ]);
  });

  it('name a deleted record made live, found back without an entry, or deleted without one', async () => {
    await t.store.startRun({ kind: 'apply' }, CRON);
    await journalDeletions(t.store, ['R-1', 'R-2']);
    await t.tamper(
      "UPDATE records SET deleted_at = NULL WHERE id = 'R-1';" +
        "UPDATE records SET reappeared_at = '2026-01-01T00:00:00.000Z' WHERE id = 'R-2';" +
        "UPDATE records SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = 'R-3';",
    );
    expect(await codes()).toEqual([
      ['store.record-deletion-missing', 'R-1'],
      ['store.record-deletion-missing', 'R-2'],
      ['store.record-deletion-not-logged', 'R-3'],
    ]);
  });

  it('name a forgotten record made open again, or forgotten without its entry', async () => {
    await t.store.importRecords([record('R-2'), record('R-3', { location: 'paper:box-4' })], { actor: 'admin' });
    await t.store.forgetRecord('R-1', 'deleted by hand in 2025', { actor: 'Dee Pio' });
    expect(await codes()).toEqual([]);
    await t.tamper(
      "UPDATE records SET forgotten_at = NULL WHERE id = 'R-1'; UPDATE records SET forgotten_at = '2026-01-01T00:00:00.000Z' WHERE id = 'R-2';",
    );
    expect(await codes()).toEqual([
      ['store.record-forget-missing', 'R-1'],
      ['store.record-forget-not-logged', 'R-2'],
    ]);
  });

  it('say the same given the deletion entries read up to any seq (audit verify reads them with the chain), and take those as read', async () => {
    await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
    await t.store.forgetRecord('R-3', 'deleted by hand in 2025', { actor: 'Dee Pio' });
    await t.store.startRun({ kind: 'apply' }, CRON);
    await journalDeletions(t.store, ['R-1', 'R-2']);
    await t.store.markReappeared([{ id: 'R-2', target: 'casefiles' }], { actor: 'cron' });
    await t.tamper("UPDATE records SET deleted_at = NULL WHERE id = 'R-1'; UPDATE records SET forgotten_at = NULL WHERE id = 'R-3';");
    const everything = await t.store.tablesAgainstLog();
    expect(everything.map((m) => m.code)).toEqual(['store.record-forget-missing', 'store.record-deletion-missing']);
    const deletions = (await allEntries(t.store))
      .filter((e) => isDeletionAction(e.action))
      .map(({ seq, action, record: id }) => ({ seq, action, record: id }));
    const head = (await t.store.auditHead())?.seq ?? 0;
    for (let upTo = 0; upTo <= head; upTo += 1) {
      expect(await t.store.tablesAgainstLog({ upTo, entries: deletions.filter((e) => e.seq <= upTo) })).toEqual(everything);
    }
    // What the caller read is taken as the log's up to upTo, not read again: with none, nothing the tampering did shows.
    expect(await t.store.tablesAgainstLog({ upTo: head, entries: [] })).toEqual([]);
  });

  it("agree, every time, while another host's run deletes records (attack: a false tables-disagree refused a second site's apply)", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `D-${i}`);
    await t.store.importRecords(
      [record('R-1'), record('R-2'), record('R-3', { location: 'paper:box-4' }), ...ids.map((id) => record(id))],
      {
        actor: 'admin',
      },
    );
    const otherHost = await t.reopen('write');
    let deleting = true;
    const deletions = (async () => {
      for (const id of ids) {
        await journalDeletions(otherHost, [id]);
      }
    })().finally(() => (deleting = false));
    const found: unknown[] = [];
    let checks = 0;
    while (deleting) {
      found.push(...(await t.store.tablesAgainstLog()).map((m) => [m.code, m.about]));
      checks += 1;
    }
    await deletions;
    await otherHost.close();
    expect(checks).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });

  // PostgreSQL refuses a seq below 1 (CHECK); a SQLite row can be given any seq by hand. Only
  // defined for SQLite, so that a PostgreSQL run reports nothing skipped.
  if (kind.name === 'SQLite')
    it('count a deletion entry given a seq below 1 by hand when the caller read the log from seq 1', async () => {
      await t.tamper(
        "INSERT INTO audit (seq, at, actor, action, record, prev, hash) VALUES (0, '2026-01-01T00:00:00.000Z', 'x', 'deleted', 'R-2', 'p', 'h')",
      );
      const everything = await t.store.tablesAgainstLog();
      expect(everything.map((m) => [m.code, m.about])).toEqual([['store.record-deletion-missing', 'R-2']]);
      expect(await t.store.tablesAgainstLog({ upTo: (await t.store.auditHead())?.seq ?? 0, entries: [] })).toEqual(everything);
    });
});
