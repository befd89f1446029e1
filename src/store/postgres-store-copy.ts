/**
 * `store copy` from and into the PostgreSQL store (store-copy.ts): out through a cursor in one
 * REPEATABLE READ snapshot, in through COPY, one transaction.
 */
import { refusal } from '../errors.js';
import { copyLine, copyRowsIn } from './postgres-copy-in.js';
import type { PgSession, Sql } from './postgres-session.js';
import { COPIED_TABLE_NAMES, COPIED_TABLES, type CopiedTable, type CopiedValue, type CopyCounts, type RowBatch } from './store-copy.js';

const BATCH = 5000;

const columnList = (table: CopiedTable) => COPIED_TABLES[table].columns.map((column) => `"${column}"`).join(', ');

/** Every row of the store, table by table, from one snapshot; the session is held for the whole read. */
export async function* copyOutOf(session: PgSession): AsyncIterable<RowBatch> {
  const { sql, release } = await session.hold();
  try {
    await sql.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      for (const table of COPIED_TABLE_NAMES) {
        await sql.query(
          `DECLARE copy_out NO SCROLL CURSOR FOR SELECT ${columnList(table)} FROM ${table} ORDER BY ${COPIED_TABLES[table].order}`,
        );
        for (;;) {
          const { rows } = await sql.query<CopiedValue[]>({ text: `FETCH ${BATCH} FROM copy_out`, rowMode: 'array' });
          if (rows.length > 0) yield { table, rows };
          if (rows.length < BATCH) break;
        }
        await sql.query('CLOSE copy_out');
      }
    } finally {
      await sql.query('ROLLBACK').catch(() => undefined);
    }
  } finally {
    release();
  }
}

/** Writes a store's rows into this one, which must be empty, in one transaction; `meta` replaces this store's (its id among them). */
export function copyInto(session: PgSession, batches: AsyncIterable<RowBatch>): Promise<CopyCounts> {
  return session.write(async (sql) => {
    await refuseUnlessEmpty(sql, session.shown);
    const counts = new Map<CopiedTable, number>();
    const source = batches[Symbol.asyncIterator]();
    try {
      let next = await source.next();
      while (!next.done) {
        const { table } = next.value;
        async function* rowsOfThisTable(): AsyncIterable<readonly (readonly CopiedValue[])[]> {
          while (!next.done && next.value.table === table) {
            yield next.value.rows;
            next = await source.next();
          }
        }
        const copied =
          table === 'meta'
            ? await replaceMeta(sql, rowsOfThisTable())
            : await copyRowsIn(
                sql,
                table,
                COPIED_TABLES[table].columns.map((c) => `"${c}"`),
                rowsOfThisTable(),
                copyLine,
              );
        counts.set(table, (counts.get(table) ?? 0) + copied);
      }
    } finally {
      // A source left half-read still holds its store's connection (copyOutOf): let it go.
      await source.return?.();
    }
    return counts;
  });
}

async function replaceMeta(sql: Sql, batches: AsyncIterable<readonly (readonly CopiedValue[])[]>): Promise<number> {
  let rows = 0;
  for await (const batch of batches) {
    await sql.query(
      'INSERT INTO meta (key, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [batch.map((row) => row[0]), batch.map((row) => row[1])],
    );
    rows += batch.length;
  }
  return rows;
}

async function refuseUnlessEmpty(sql: Sql, shown: string): Promise<void> {
  const tables = COPIED_TABLE_NAMES.filter((table) => table !== 'meta');
  const { rows } = await sql.query<{ name: string }>(
    tables.map((table) => `SELECT '${table}' AS name FROM (SELECT 1 FROM ${table} LIMIT 1) AS t`).join(' UNION ALL '),
  );
  if (rows.length > 0) {
    throw refusal(
      'store.exists',
      `the store ${shown} is not empty (it has ${rows.map((r) => r.name).join(', ')}); store copy only copies into a new, empty store`,
    );
  }
}
