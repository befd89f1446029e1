/**
 * Is the store's schema the one its version promises? A table dropped, replaced by a view or
 * missing a column (someone with sqlite3) would otherwise surface later as SQLite's "no such
 * table", which reads as a bug (exit 70). The expected schema is not listed twice: it is what
 * the migrations build, once per process, in an in-memory database.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { damagedStore } from './sqlite-errors.js';

type Schema = ReadonlyMap<string, readonly string[]>;

let expected: Schema | null = null;

function expectedSchema(): Schema {
  if (!expected) {
    const db = new Database(':memory:');
    try {
      for (const sql of MIGRATIONS) db.exec(sql);
      expected = tablesOf(db);
    } finally {
      db.close();
    }
  }
  return expected;
}

/** Each table with its column names. */
function tablesOf(db: Database.Database): Schema {
  const names = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
  return new Map(names.map((name) => [name, columnsOf(db, name)]));
}

function columnsOf(db: Database.Database, table: string): string[] {
  return db.prepare<[string], string>('SELECT name FROM pragma_table_info(?)').pluck().all(table);
}

/** Throws `store.damaged`, naming `file` and the first difference, unless every table and column is there. */
export function checkSchema(db: Database.Database, file: string): void {
  const kinds = new Map(
    db
      .prepare<[], { name: string; type: string }>('SELECT name, type FROM sqlite_master')
      .all()
      .map((row) => [row.name, row.type]),
  );
  for (const [table, columns] of expectedSchema()) {
    const kind = kinds.get(table);
    if (kind === undefined) throw damagedStore(file, `table "${table}" is missing`);
    if (kind !== 'table') throw damagedStore(file, `"${table}" is a ${kind}, not a table`);
    const present = new Set(columnsOf(db, table));
    const lost = columns.find((column) => !present.has(column));
    if (lost !== undefined) throw damagedStore(file, `table "${table}" has no column "${lost}"`);
  }
}
