/**
 * A batch of a run on the PostgreSQL store is a few round trips whatever its size (issue 11:
 * "a round trip per record is a defect"), and as few as the guarantees allow: on a loaded
 * server each one waits for the server process to be scheduled, which made an apply with the
 * PostgreSQL store nearly twice as slow as with the SQLite store. The intents' transaction reads
 * the log's head and the holds in the round trip that takes the write lock, and writes its
 * entries and open intents with one statement; the outcomes' writes its entries, settled intents
 * and tombstones with one.
 */
import pg from 'pg';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import { connect } from '../../src/postgres/connect.js';
import { createStore, openStore } from '../../src/store/index.js';
import { PgSession } from '../../src/store/postgres-session.js';
import type { InRun, Store } from '../../src/store/types.js';
import { describePostgres, freshSchema, type TestLocation } from '../postgres/databases.js';
import { allEntries, record } from './helpers.js';

const CRON: InRun = { actor: 'cron', run: 'run-1', policySha256: null };

describePostgres('a batch of a run on the PostgreSQL store', () => {
  let place: TestLocation;
  let store: Store;
  beforeEach(async () => {
    place = await freshSchema();
    await createStore(place.url, async () => undefined);
    store = await openStore(place.url, { access: 'write' });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await store.close();
    await place.drop();
  });

  /** The round trips (client.query calls, a text of several statements being one) of journaling `size` intents and their outcomes. */
  async function roundTripsOfBatch(from: number, size: number): Promise<{ intents: number; outcomes: number }> {
    const { intents, outcomes } = await queriesOfBatch(from, size);
    return { intents: intents.length, outcomes: outcomes.length };
  }

  /** What client.query was given while journaling `size` intents, and then their outcomes. */
  async function queriesOfBatch(from: number, size: number): Promise<{ intents: unknown[]; outcomes: unknown[] }> {
    const ids = Array.from({ length: size }, (_, i) => `R-${from + i}`);
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    const journaled = await store.recordIntents(
      ids.map((id) => ({ record: record(id), rule: 'care-records', target: 'casefiles' })),
      CRON,
      ({ facts, holds }) => new Set([...facts.keys()].filter((id) => !holds.some((hold) => hold.ref === id))),
    );
    expect(journaled.map((item) => item.record.id)).toEqual(ids);
    const intents = queries.mock.calls.map(([query]) => query);
    queries.mockClear();
    await store.recordOutcomes(
      ids.map((recordId) => ({ recordId, outcome: 'deleted', rule: 'care-records', detail: { target: 'casefiles' } })),
      CRON,
    );
    const outcomes = queries.mock.calls.map(([query]) => query);
    queries.mockRestore();
    return { intents, outcomes };
  }

  it('takes the same few round trips for 2 records as for 400, and logs every one of them', async () => {
    await store.importRecords(
      Array.from({ length: 402 }, (_, i) => record(`R-${i}`)),
      { actor: 'admin' },
    );
    await store.addHold({ scope: 'record', ref: 'R-9999', reason: 'litigation', until: null }, { actor: 'dpo' });
    await store.startRun({ kind: 'apply' }, CRON);
    const small = await roundTripsOfBatch(0, 2);
    const large = await roundTripsOfBatch(2, 400);
    expect(large).toEqual(small);
    // BEGIN with the lock, head and holds; the records, their events, the arrivals, the open intents; the write; COMMIT.
    expect(small.intents).toBeLessThanOrEqual(7);
    // BEGIN with the lock and head; the records and intents; the write; COMMIT.
    expect(small.outcomes).toBeLessThanOrEqual(4);
    const entries = await allEntries(store, { run: 'run-1' });
    expect(entries.filter((e) => e.action === 'intent')).toHaveLength(402);
    expect(entries.filter((e) => e.action === 'deleted')).toHaveLength(402);
    expect(await store.unsettledIntents()).toEqual([]);
    expect(await verifyChain(await allEntries(store), { head: (await store.auditHead())! })).toMatchObject({ ok: true });
  });

  it('has the server plan each statement with parameters once per connection, not once per batch', async () => {
    await store.importRecords(
      Array.from({ length: 20 }, (_, i) => record(`R-${i}`)),
      { actor: 'admin' },
    );
    await store.startRun({ kind: 'apply' }, CRON);
    const first = await queriesOfBatch(0, 10);
    const withValues = [...first.intents, ...first.outcomes].filter((query) => typeof query !== 'string') as pg.QueryConfig[];
    // The records, their events, the arrivals, the open intents, the write; the records and intents, the write.
    expect(withValues).toHaveLength(7);
    for (const query of withValues) expect(query.name).toMatch(/^retention-[0-9a-f]{16}$/);
    expect(new Set(withValues.map((query) => query.name)).size).toBe(7);
    // The second batch runs the statements the first prepared, by the same names.
    const second = await queriesOfBatch(10, 10);
    const again = [...second.intents, ...second.outcomes].filter((query) => typeof query !== 'string') as pg.QueryConfig[];
    expect(again.map(({ name, text }) => ({ name, text }))).toEqual(withValues.map(({ name, text }) => ({ name, text })));
  });

  it('answers a column altered under the statements it prepared as store.altered, rolled back, and a new session goes on', async () => {
    await store.importRecords(
      Array.from({ length: 20 }, (_, i) => record(`R-${i}`)),
      { actor: 'admin' },
    );
    await store.startRun({ kind: 'apply' }, CRON);
    await queriesOfBatch(0, 10);
    const admin = new pg.Client(place.url);
    await admin.connect();
    try {
      await admin.query('ALTER TABLE records ALTER COLUMN subject TYPE varchar(200)');
    } finally {
      await admin.end();
    }
    const intents = store.recordIntents(
      [{ record: record('R-10'), rule: 'care-records', target: 'casefiles' }],
      CRON,
      ({ facts }) => new Set(facts.keys()),
    );
    await expect(intents).rejects.toMatchObject({ code: 'store.altered', kind: 'environment' });
    await expect(intents).rejects.toThrow(/altered \(ALTER TABLE\) while this command used them: cached plan must not change result type/);
    expect((await store.unsettledIntents()).map((intent) => intent.record)).toEqual([]);
    await store.close();
    store = await openStore(place.url, { access: 'write' });
    await queriesOfBatch(10, 10);
    expect(await verifyChain(await allEntries(store), { head: (await store.auditHead())! })).toMatchObject({ ok: true });
  });
});

describePostgres('a write whose first round trip fails', () => {
  let place: TestLocation;
  beforeEach(async () => {
    place = await freshSchema();
  });
  afterEach(() => place.drop());

  it('is rolled back: the session goes on working, and nothing of it stays', async () => {
    const session = new PgSession(await connect(place.url, { lockTimeoutMs: 1000 }), 'the test store');
    try {
      await session.use((sql) => sql.query('CREATE TABLE t (n integer)'));
      const work = vi.fn(async () => undefined);
      await expect(session.writeAfter(['INSERT INTO t VALUES (1)', 'SELECT 1 / 0'], work)).rejects.toThrow(/division by zero/);
      expect(work).not.toHaveBeenCalled();
      // Not "current transaction is aborted": the failed transaction was rolled back, with its insert.
      const { rows } = await session.use((sql) => sql.query<{ n: number }>('SELECT count(*)::int AS n FROM t'));
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await session.close();
    }
  });
});
