/**
 * A query's rows from a `sqlite` target's database, opened read-only: no statement given on the
 * command line can change it, and one that returns no rows is refused before anything is read.
 */
import type Database from 'better-sqlite3';
import { environmentError, usageError } from '../errors.js';
import { messageOf } from '../error-details.js';
import { openSqliteReadOnly, type SqliteConfig } from '../targets/sqlite.js';
import type { RowSource } from './query-records.js';

const ROWS_PER_BATCH = 1000;

export function sqliteRows(target: string, config: SqliteConfig, baseDir: string, sql: string): RowSource {
  const db = openSqliteReadOnly(target, config, baseDir);
  try {
    let prepared: Database.Statement<unknown[], unknown[]>;
    try {
      prepared = db.prepare<unknown[], unknown[]>(sql);
    } catch (err) {
      throw usageError('usage.bad-value', `--query: SQLite cannot run it: ${messageOf(err)}`, { flag: '--query' });
    }
    if (!prepared.reader)
      throw usageError('usage.bad-value', '--query must return rows (a SELECT); the database is only ever read', { flag: '--query' });
    const statement = prepared.raw();
    async function* batches(): AsyncGenerator<unknown[][]> {
      let batch: unknown[][] = [];
      for (const values of readRows(target, statement)) {
        batch.push(values);
        if (batch.length >= ROWS_PER_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
    return { columns: statement.columns().map((column) => column.name), batches: batches(), close: () => void db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The rows of `statement`; SQLite failing half-way (locked, damaged) is the machine's problem, not a bug. */
function* readRows(target: string, statement: Database.Statement<unknown[], unknown[]>): Generator<unknown[]> {
  const rows = statement.iterate();
  try {
    for (;;) {
      let next: IteratorResult<unknown[]>;
      try {
        next = rows.next();
      } catch (err) {
        throw environmentError('target.unusable', `target "${target}": reading the query's rows failed: ${messageOf(err)}`, { target });
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A read stopped early (a bad row) must free the connection, or it cannot be closed.
    rows.return?.();
  }
}
