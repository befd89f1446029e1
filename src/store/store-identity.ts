/**
 * Is this SQLite file a retention store? (DESIGN §2.) Asked before anything is written to it:
 * `plan --db other.db` once added eleven tables to another application's database.
 */
import type Database from 'better-sqlite3';
import { RetentionError } from '../errors.js';
import { newerSchema, SCHEMA_VERSION, STORE_APPLICATION_ID } from './migrations.js';

/**
 * The store's schema version, when `db` is a store this tool can use: one marked with our
 * application id, or one made before stores were marked (id 0, with our `meta` table and its
 * `store_id`), which the next migration marks. Anything else is refused, empty databases too.
 */
export function storeSchemaVersion(db: Database.Database, file: string): number {
  const applicationId = db.pragma('application_id', { simple: true });
  const version = db.pragma('user_version', { simple: true });
  if (typeof applicationId !== 'number' || typeof version !== 'number') throw new Error('PRAGMA gave no number (this is a bug)');
  if (applicationId !== STORE_APPLICATION_ID && !(applicationId === 0 && version >= 1 && isUnmarkedStore(db))) {
    throw new RetentionError(
      'store.not-a-store',
      `${file} is not a retention store: it is ${describeForeign(db, applicationId)}. retention never writes to another application's database; give the store's path (--db or "store:" in the config)`,
    );
  }
  if (version > SCHEMA_VERSION) throw newerSchema(file, version);
  return version;
}

function isUnmarkedStore(db: Database.Database): boolean {
  const hasOurTables =
    db
      .prepare<[], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'audit', 'records')")
      .pluck()
      .get() === 3;
  return hasOurTables && db.prepare<[], string>("SELECT value FROM meta WHERE key = 'store_id'").pluck().get() !== undefined;
}

function describeForeign(db: Database.Database, applicationId: number): string {
  if (applicationId !== 0)
    return `a SQLite database of another application (application id 0x${(applicationId >>> 0).toString(16).padStart(8, '0')})`;
  const tables = db.prepare<[], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() ?? 0;
  return tables === 0
    ? 'an empty SQLite database'
    : `a SQLite database of another application (${tables} ${tables === 1 ? 'table' : 'tables'})`;
}
