/**
 * The PostgreSQL store reads a batch's records by key, whatever its size. Bulk loads (`COPY`,
 * DESIGN §10) leave the planner statistics of the rows they copied: without them the planner
 * takes a table just filled for nearly empty, and reads each page of a plan (`id > $1 … ORDER BY
 * id LIMIT n`) by a full scan and a sort — a plan of a million records just imported took
 * minutes, until autovacuum came by. A run's batch of outcomes, joined to its unnested ids
 * alone, hashed the whole records table for every batch.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { copyStore } from '../../src/audit/copy-store.js';
import { createStore, withStore } from '../../src/store/index.js';
import { HEADS_AND_INTENTS, SETTLE } from '../../src/store/postgres-journal.js';
import { DECIDED } from '../../src/store/rows/records.js';
import { describePostgres, freshSchema, withAdmin, type TestLocation } from '../postgres/databases.js';
import { record } from './helpers.js';

const RECORDS = 5000;

describePostgres('the PostgreSQL store, after a bulk load', () => {
  let place: TestLocation;
  const sql = <Row extends object>(text: string) => withAdmin((client) => client.query<Row>(text), place.url);
  beforeEach(async () => {
    place = await freshSchema();
  });
  afterEach(() => place.drop());

  /** How the server reads one page of a plan's records, and how many rows it believes the table has. */
  async function pageReading(): Promise<{ plan: string; rows: number }> {
    const { rows: explained } = await sql<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM records WHERE id > 'R-00100' AND ${DECIDED} ORDER BY id LIMIT 1000`,
    );
    const { rows: counted } = await sql<{ n: number }>("SELECT reltuples::int AS n FROM pg_class WHERE oid = 'records'::regclass");
    return { plan: explained.map((row) => row['QUERY PLAN']).join('\n'), rows: counted[0]?.n ?? 0 };
  }

  const records = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => record(`R-${String(from + i).padStart(5, '0')}`));

  it('the first import into a new store: pages of a plan are read by key', async () => {
    await createStore(place.url, (store) => store.importRecords(records(0, RECORDS), { actor: 'admin' }));
    const reading = await pageReading();
    expect(reading.rows).toBe(RECORDS);
    expect(reading.plan).toContain('Index Scan using records_pkey');
    expect(reading.plan).not.toContain('Seq Scan');
  });

  it('a store copied in: pages of a plan are read by key', async () => {
    const source = await freshSchema();
    try {
      await createStore(source.url, (store) => store.importRecords(records(0, RECORDS), { actor: 'admin' }));
      await withStore(source.url, { use: 'read' }, (store) => copyStore(store, place.url));
      const reading = await pageReading();
      expect(reading.rows).toBe(RECORDS);
      expect(reading.plan).not.toContain('Seq Scan');
    } finally {
      await source.drop();
    }
  });

  it("a batch of a run's outcomes finds its records by key, not by reading the whole records table", async () => {
    // A batch is a small part of the store (a thousand records of a hundred thousand).
    await createStore(place.url, (store) => store.importRecords(records(0, 20_000), { actor: 'admin' }));
    const batch = records(1000, 1200).map((r) => r.id);
    const explain = async (statement: string, values: unknown[]) => {
      const { rows } = await withAdmin((client) => client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement}`, values), place.url);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    const heads = await explain(HEADS_AND_INTENTS, [batch]);
    const settle = await explain(SETTLE, [
      batch,
      batch,
      batch.map(() => 'rule-1'),
      '2025-01-01T00:00:00.000Z',
      'run-1',
      batch.map(() => null),
    ]);
    for (const plan of [heads, settle]) {
      expect(plan).toMatch(/Index Cond: \((r\.)?id = ANY/);
      expect(plan).not.toContain('Seq Scan on records');
    }
  });
});
