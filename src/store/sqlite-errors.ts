/**
 * The one table of what SQLite's result codes mean to a person using the store. A full disk,
 * a read-only, busy or damaged store is the machine's state, not a bug in retention: each
 * becomes an `environment`, `store-damaged` or `usage` error naming the store file, which
 * src/errors.ts maps to an exit code. Codes not listed here (a constraint, a syntax error)
 * stay what they are: bugs.
 */
import Database from 'better-sqlite3';
import { environmentError, RetentionError } from '../errors.js';
import { whyNotWritable } from './store-file.js';
import { DamagedRow } from './stored-values.js';

/** How long a command waits for another connection's lock before it gives up (SQLITE_BUSY). */
export const BUSY_TIMEOUT_MS = 5000;

/** better-sqlite3's error, with SQLite's extended result code in `code`. */
type SqliteError = InstanceType<typeof Database.SqliteError>;

type Explain = (file: string, error: SqliteError) => RetentionError;

/** By primary result code: `SQLITE_IOERR_SHORT_READ` is listed as `SQLITE_IOERR`. */
const STORE_PROBLEMS: ReadonlyMap<string, Explain> = new Map<string, Explain>([
  [
    'SQLITE_FULL',
    (file) =>
      environmentError(
        'store.full',
        `the store ${file} cannot grow: its disk is full. What was being written was rolled back; the store is as its last completed step left it. Free some space and run the command again.`,
      ),
  ],
  [
    'SQLITE_IOERR',
    (file, error) =>
      environmentError(
        'store.io-error',
        `the store ${file} could not be read or written: input/output error (${error.code}). Check the disk, then the store: retention audit verify --db ${file}`,
      ),
  ],
  ['SQLITE_READONLY', (file, error) => readOnlyStore(file, whyNotWritable(file) ?? `SQLite says ${error.code}`)],
  ['SQLITE_PERM', (file, error) => readOnlyStore(file, `SQLite says ${error.code}`)],
  [
    'SQLITE_CANTOPEN',
    (file, error) =>
      environmentError(
        'store.cannot-open',
        `cannot open the store ${file}: ${whyNotWritable(file) ?? 'SQLite cannot open the file or the journal beside it'} (${error.code})`,
      ),
  ],
  ['SQLITE_CORRUPT', (file, error) => damagedStore(file, `${error.message} (${error.code})`)],
  ['SQLITE_NOTADB', (file) => new RetentionError('store.not-a-store', `${file} is not a retention store: it is not a SQLite database`)],
  ['SQLITE_BUSY', (file) => busyStore(file)],
  ['SQLITE_LOCKED', (file) => busyStore(file)],
]);

/**
 * The person's version of an error thrown by SQLite while it worked on the store `file`;
 * any other error (a RetentionError, a bug) is returned unchanged.
 */
export function storeError(error: unknown, file: string): unknown {
  if (error instanceof DamagedRow) return damagedStore(file, error.message);
  if (!(error instanceof Database.SqliteError)) return error;
  const primary = error.code.split('_').slice(0, 2).join('_');
  return STORE_PROBLEMS.get(primary)?.(file, error) ?? error;
}

export function readOnlyStore(file: string, why: string): RetentionError {
  return environmentError(
    'store.read-only',
    `the store ${file} is read-only (${why}), and this command writes to it. Commands that only read (plan, explain, audit, hold list) can use it as it is.`,
  );
}

/** A damaged store; its one problem names the file and the damage alone, for `audit verify` to report. */
export function damagedStore(file: string, damage: string): RetentionError {
  return new RetentionError(
    'store.damaged',
    `the store ${file} is damaged: ${damage}. Nothing more was changed. "retention audit verify --db ${file}" names the damage; restore the store from a backup.`,
    { problems: [{ code: 'store.damaged', file, line: null, col: null, message: damage, severity: 'error' }] },
  );
}

function busyStore(file: string): RetentionError {
  return environmentError(
    'store.busy',
    `the store ${file} is busy: another process kept it locked for more than ${BUSY_TIMEOUT_MS / 1000} seconds, so what needed it was not done. Run the command again when the store is free.`,
  );
}
