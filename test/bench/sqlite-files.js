/** Small store chores for the benchmark: counting rows to check a run did its work, copying and removing stores. */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Rows of `table` (a name of our own, never input) that match the optional SQL `where`. */
export function countRows(file, table, where = '1') {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get().n;
  } finally {
    db.close();
  }
}

/** Removes a SQLite database together with its WAL and shared-memory files. */
export function removeDatabase(file) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/** Copies a closed SQLite database, with its WAL when one was left beside it. */
export function copyDatabase(from, to) {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}
