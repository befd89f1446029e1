/**
 * What PostgreSQL's errors mean to a person using a store on a server (the SQLite store's
 * table is sqlite-errors.ts): a server that cannot be reached, a login refused, a role without
 * the privilege, a full disk or a busy store are the machine's state, not bugs; each becomes an
 * `environment`, `store-damaged` or `usage` error naming the store (its URL, never a
 * password). Codes not listed here (a constraint, a syntax error) stay what they are: bugs.
 */
import pg from 'pg';
import { environmentError, RetentionError } from '../errors.js';
import { DamagedRow } from './stored-values.js';

/** A person's version of a server error; the error itself when this code means a bug after all. */
type Explain = (store: string, error: Error) => RetentionError | Error;

/** How long a write waits for another host's write to the same store (lock_timeout). */
export const WRITE_WAIT_MS = 60_000;

const lostConnection: Explain = (store, error) =>
  environmentError(
    'store.unreachable',
    `the connection to the store ${store} was lost (${error.message}); what was being written was rolled back. Run the command again when the server is back.`,
  );

/** By SQLSTATE, then by its class (the first two characters). */
const SERVER_PROBLEMS: ReadonlyMap<string, Explain> = new Map<string, Explain>([
  ['28P01', (store, error) => loginRefused(store, error)],
  ['28000', (store, error) => loginRefused(store, error)],
  [
    '3D000',
    (store, error) =>
      environmentError(
        'store.cannot-open',
        `the store ${store} cannot be opened: ${error.message}. Create the database first (README: "When one server is not enough").`,
      ),
  ],
  [
    '42501',
    (store, error) =>
      environmentError(
        'store.not-permitted',
        `the role connected to the store ${store} may not do this: ${error.message}. Check the grants (README: "When one server is not enough").`,
      ),
  ],
  [
    '53100',
    (store) =>
      environmentError(
        'store.full',
        `the store ${store} cannot grow: the server's disk is full. What was being written was rolled back. Free some space and run the command again.`,
      ),
  ],
  [
    '53200',
    (store, error) =>
      environmentError(
        'store.unreachable',
        `the server of the store ${store} is out of memory (${error.message}); nothing was written. Run the command again later.`,
      ),
  ],
  [
    '53300',
    (store, error) =>
      environmentError(
        'store.unreachable',
        `the server of the store ${store} refuses more connections (${error.message}). Run the command again later.`,
      ),
  ],
  [
    '55P03',
    (store) =>
      environmentError(
        'store.busy',
        `the store ${store} is busy: another host kept it locked for more than ${WRITE_WAIT_MS / 1000} seconds, so what needed it was not done. Run the command again when it is free.`,
      ),
  ],
  [
    '25006',
    (store, error) =>
      environmentError(
        'store.read-only',
        `the store ${store} cannot be written here: ${error.message} (a standby server, or a read-only database).`,
      ),
  ],
  [
    '22021',
    (_store, error) =>
      new RetentionError(
        'inventory.invalid',
        `PostgreSQL cannot store this text: ${error.message} (a NUL character, or bytes that are not UTF-8). Remove it from the inventory and import again.`,
      ),
  ],
  [
    '0A000',
    // The one "feature not supported" that is the machine's state: a statement this session
    // prepared (postgres-session.ts: prepared) reads a column whose type an ALTER TABLE changed.
    (store, error) =>
      /cached plan must not change result type/.test(error.message)
        ? environmentError(
            'store.altered',
            `the tables of the store ${store} were altered (ALTER TABLE) while this command used them: ${error.message}. What was being written was rolled back. Run the command again; an apply run first settles what an interrupted one left half-done.`,
          )
        : error,
  ],
  ['08', lostConnection],
  ['57', lostConnection],
  ['XX', (store, error) => damagedPostgresStore(store, `${error.message} (SQLSTATE ${sqlState(error) ?? '?'})`)],
]);

/** Errors of the socket, before or after the server said anything. */
const NETWORK_PROBLEMS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'ENOENT',
]);

/**
 * The person's version of an error thrown while working on the store `store` (its URL as
 * shown); any other error (a RetentionError, a bug) is returned unchanged.
 */
export function postgresStoreError(error: unknown, store: string): unknown {
  if (error instanceof DamagedRow) return damagedPostgresStore(store, error.message);
  if (!(error instanceof Error)) return error;
  if (error instanceof pg.DatabaseError) {
    const code = error.code ?? '';
    return (SERVER_PROBLEMS.get(code) ?? SERVER_PROBLEMS.get(code.slice(0, 2)))?.(store, error) ?? error;
  }
  const code = 'code' in error && typeof error.code === 'string' ? error.code : null;
  if ((code !== null && NETWORK_PROBLEMS.has(code)) || /connection timeout/.test(error.message)) {
    return environmentError(
      'store.unreachable',
      `cannot reach the PostgreSQL server of the store ${store}: ${error.message}. Check the host and port, and that the server runs.`,
    );
  }
  if (/^Connection terminated|^Client has encountered a connection error/.test(error.message)) return lostConnection(store, error);
  return error;
}

export function damagedPostgresStore(store: string, damage: string): RetentionError {
  return new RetentionError(
    'store.damaged',
    `the store ${store} is damaged: ${damage}. Nothing more was changed. "retention audit verify --db ${store}" names the damage; restore the store from a backup.`,
    { problems: [{ code: 'store.damaged', file: store, line: null, col: null, message: damage, severity: 'error' }] },
  );
}

/** The SQLSTATE of a server's error; null for any other error. */
export function sqlState(error: unknown): string | null {
  return error instanceof pg.DatabaseError ? (error.code ?? null) : null;
}

function loginRefused(store: string, error: Error): RetentionError {
  return environmentError(
    'store.login-refused',
    `cannot log in to the store ${store}: ${error.message}. retention reads the password from PGPASSWORD or ~/.pgpass (HOST:PORT:DATABASE:ROLE:PASSWORD, mode 0600), never from the URL.`,
  );
}
