/**
 * `store copy` from and into the SQLite store (store-copy.ts): out in one read transaction (one
 * snapshot), in with prepared inserts in one immediate transaction.
 */
import type Database from 'better-sqlite3';
import { refusal } from '../errors.js';
import { COPIED_TABLE_NAMES, COPIED_TABLES, type CopiedTable, type CopiedValue, type CopyCounts, type RowBatch } from './store-copy.js';

const BATCH = 5000;

const columnList = (table: CopiedTable) => COPIED_TABLES[table].columns.map((column) => `"${column}"`).join(', ');

/** Every row of the store, table by table, from one snapshot (a read transaction held across the batches). */
export async function* copyOutOf(db: Database.Database): AsyncIterable<RowBatch> {
  db.exec('BEGIN');
  try {
    for (const table of COPIED_TABLE_NAMES) {
      let rows: CopiedValue[][] = [];
      for (const row of db
        .prepare<[], CopiedValue[]>(`SELECT ${columnList(table)} FROM ${table} ORDER BY ${COPIED_TABLES[table].order}`)
        .raw()
        .iterate()) {
        rows.push(row);
        if (rows.length === BATCH) {
          yield { table, rows };
          rows = [];
        }
      }
      if (rows.length > 0) yield { table, rows };
    }
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}

/** Writes a store's rows into this one, which must be empty, in one transaction; `meta` replaces this store's (its id among them). */
export async function copyInto(db: Database.Database, batches: AsyncIterable<RowBatch>, file: string): Promise<CopyCounts> {
  const counts = new Map<CopiedTable, number>();
  const inserts = new Map(
    COPIED_TABLE_NAMES.map((table) => {
      const { columns } = COPIED_TABLES[table];
      const conflict = table === 'meta' ? ' ON CONFLICT (key) DO UPDATE SET value = excluded.value' : '';
      return [table, db.prepare(`INSERT INTO ${table} (${columnList(table)}) VALUES (${columns.map(() => '?').join(', ')})${conflict}`)];
    }),
  );
  db.exec('BEGIN IMMEDIATE');
  try {
    refuseUnlessEmpty(db, file);
    for await (const { table, rows } of batches) {
      const insert = inserts.get(table);
      if (!insert) throw new Error(`no table ${table} to copy into (this is a bug)`);
      for (const row of rows) insert.run(...row);
      counts.set(table, (counts.get(table) ?? 0) + rows.length);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return counts;
}

function refuseUnlessEmpty(db: Database.Database, file: string): void {
  const occupied = COPIED_TABLE_NAMES.filter(
    (table) => table !== 'meta' && db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined,
  );
  if (occupied.length > 0)
    throw refusal(
      'store.exists',
      `the store ${file} is not empty (it has ${occupied.join(', ')}); store copy only copies into a new, empty store`,
    );
}
