/**
 * Connections to an existing store file: read-only for the commands that only read (an
 * auditor may verify a copy they cannot write), read-write for the others. Either way the
 * file is checked first (store-file.ts) and identified before anything is written to it.
 *
 * WAL and read-only folders: a WAL-mode database can only be read where SQLite finds or can
 * create FILE-shm beside it, which a read-only folder forbids (SQLITE_READONLY_DIRECTORY), and
 * `immutable=1` would be a lie for a store that a nightly run may change. So a writer that
 * closes the store last puts it back in rollback-journal mode (closeDatabase): a store at rest
 * is one self-contained file that reads anywhere, and while a writer has it open the -shm it
 * needs exists. Writers switch to WAL again when they open it.
 */
import Database from 'better-sqlite3';
import { canRead, existingStoreFile, whyNotWritable } from './store-file.js';
import { BUSY_TIMEOUT_MS, readOnlyStore, storeError } from './sqlite-errors.js';
import { storeSchemaVersion } from './store-identity.js';
import { checkSchema } from './sqlite-schema-check.js';
import { migrate, SCHEMA_VERSION } from './migrations.js';
import { environmentError, usageError } from '../errors.js';
import type { StoreAccess } from './types.js';

/** Opens the store at `file` for `access`, identified and (for writing) migrated to the current schema. */
export function openStoreDatabase(file: string, access: StoreAccess): Database.Database {
  if (!existingStoreFile(file)) throw usageError('store.missing', `no store at ${file}; "retention inventory import FILE" makes one`);
  return access === 'write' ? openForWriting(file) : openForReading(file);
}

/** The settings of every connection that writes: WAL, an fsync per commit, foreign keys checked. */
export function prepareForWriting(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/**
 * Closes a connection. A writer that is the store's last connection leaves it in
 * rollback-journal mode (see the top of this file); with another connection open the switch
 * fails at once and the store stays in WAL mode, as safe, and the last writer will do it.
 */
export function closeDatabase(db: Database.Database): void {
  if (db.open && !db.readonly && !db.inTransaction) {
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('journal_mode = DELETE');
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
    }
  }
  db.close();
}

function openForWriting(file: string): Database.Database {
  // Found here, before SQLite, because SQLite may open a write-protected file read-only
  // without a word and fail only at the first write.
  const why = whyNotWritable(file);
  if (why) throw readOnlyStore(file, why);
  const db = connect(file, { fileMustExist: true });
  checked(db, file, () => {
    storeSchemaVersion(db, file);
    prepareForWriting(db);
    migrate(db, file);
    checkSchema(db, file);
  });
  return db;
}

function openForReading(file: string): Database.Database {
  let db = connect(file, { readonly: true, fileMustExist: true });
  const version = checked(db, file, () => storeSchemaVersion(db, file));
  if (version !== SCHEMA_VERSION) {
    db.close();
    upgrade(file, version);
    db = connect(file, { readonly: true, fileMustExist: true });
  }
  const opened = db;
  checked(opened, file, () => checkSchema(opened, file));
  return opened;
}

/** A store written by an older version is migrated once, by a writing connection, before it is read. */
function upgrade(file: string, version: number): void {
  const why = whyNotWritable(file);
  if (why) {
    throw environmentError(
      'store.old-schema',
      `the store ${file} has schema version ${version}, older than this version of retention reads (${SCHEMA_VERSION}), and cannot be upgraded here: ${why}. Run any retention command on it once as a user who may write it, or use a copy you may write.`,
    );
  }
  closeDatabase(openForWriting(file));
}

function connect(file: string, options: Database.Options): Database.Database {
  try {
    return new Database(file, { ...options, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw openError(error, file, options.readonly === true);
  }
}

/** Runs the first statements on a new connection; on failure the connection is closed and the error told as the store's. */
function checked<T>(db: Database.Database, file: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    db.close();
    throw openError(error, file, db.readonly);
  }
}

/**
 * SQLite's errors at opening, as the store's. A reader that cannot open the file, or cannot
 * find or make FILE-shm for a store in WAL mode, is told which.
 */
function openError(error: unknown, file: string, readOnly: boolean): unknown {
  if (!readOnly || !(error instanceof Database.SqliteError) || !/^SQLITE_(READONLY|CANTOPEN)/.test(error.code))
    return storeError(error, file);
  if (!canRead(file)) return environmentError('store.cannot-open', `cannot read the store ${file}: permission denied`);
  return environmentError(
    'store.cannot-open',
    `cannot read the store ${file}: it is in WAL mode (a run is writing to it, was interrupted, or an older retention wrote it) and SQLite cannot create ${file}-shm beside it (${whyNotWritable(file) ?? error.code}). Run any retention command that writes to the store where it lives, or copy the store to a folder you may write.`,
  );
}
