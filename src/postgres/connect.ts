/**
 * One connection to a PostgreSQL server, as every part of retention makes it (the store, a
 * `postgres` target): named after this process in pg_stat_activity, reading int8 as numbers,
 * and taking the password from libpq's sources only.
 */
import os from 'node:os';
import pg from 'pg';
import pgpass from 'pgpass';

/** PostgreSQL cuts application_name at 63 bytes. */
const APPLICATION_NAME_BYTES = 63;

/**
 * `retention RUN PID@HOST`, what pg_stat_activity shows of this process and what a run
 * refused the lock reads back to name the holder (`-` before a run has begun).
 */
export function applicationName(run: string | null): string {
  const name = `retention ${run ?? '-'} ${process.pid}@${os.hostname()}`;
  return Buffer.from(name)
    .subarray(0, APPLICATION_NAME_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

/** The parts of an application name written by applicationName; null when another program wrote it. */
export function parseApplicationName(name: string | null): { run: string | null; pid: number; host: string } | null {
  const match = /^retention (\S+) (\d+)@(.*)$/.exec(name ?? '');
  if (!match) return null;
  return { run: match[1] === '-' ? null : (match[1] ?? null), pid: Number(match[2]), host: match[3] ?? '' };
}

/**
 * int8 (count(*), seq) as numbers, for this client only (the global parsers stay as they are).
 * Every count and seq is far below 2^53; a larger one would be a bug, never silently rounded.
 */
const TYPES = new pg.TypeOverrides();
TYPES.setTypeParser(20, 'text', (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`the integer ${text} is beyond what retention counts (this is a bug)`);
  return value;
});

/**
 * The password the server asks `client` for, from libpq's sources only: PGPASSWORD, else
 * ~/.pgpass (PGPASSFILE); none is an empty one, which the server refuses as libpq's "no
 * password supplied" would be. (pg's own ~/.pgpass lookup is deprecated and says so on
 * stderr, which cron would mail.)
 */
function libpqPassword(client: pg.Client): Promise<string> {
  const fromEnvironment = process.env.PGPASSWORD;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return Promise.resolve(fromEnvironment);
  return new Promise((resolve) =>
    pgpass({ host: client.host, port: client.port, database: client.database, user: client.user }, (password) => resolve(password ?? '')),
  );
}

/** A server that does not answer within this time is not there (pg would wait for the OS's TCP timeout). */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * The server checks that this host is still there after a minute of silence, so a host that
 * dies without closing its connection (a power cut) loses its session, and its run locks, within
 * about two minutes instead of the OS's two hours. Any role may set these for its session.
 */
const SERVER_KEEPALIVES = 'SET tcp_keepalives_idle = 60; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 6';

/**
 * Each statement sees what was committed before it, whatever the database's default says: a
 * write reads the log's head after its write lock is granted, and under REPEATABLE READ or
 * SERIALIZABLE the snapshot was taken by the statement that waited for the lock, so the head was
 * stale and the append failed on the chain's UNIQUE constraint (exit 70). Reads that must agree
 * ask for their own snapshot (PgSession.snapshot).
 */
const READ_COMMITTED = "SET default_transaction_isolation = 'read committed'";

/**
 * A transaction of this tool is never left idle for long (it re-decides a batch between two
 * statements), and a timeout the database or role sets would end the session in the middle of
 * one: "terminating connection due to idle-in-transaction timeout", which was exit 70.
 */
const NO_IDLE_TIMEOUT = 'SET idle_in_transaction_session_timeout = 0';

/**
 * Connects to `url` as this process (applicationName) with int8 read as numbers; the password,
 * if the server asks for one, comes from PGPASSWORD or ~/.pgpass. `lockTimeoutMs`: how long a
 * statement waits for another session's lock before it fails (SQLSTATE 55P03).
 */
export async function connect(url: string, options: { lockTimeoutMs: number }): Promise<pg.Client> {
  const client: pg.Client = new pg.Client({
    connectionString: url,
    password: (): Promise<string> => libpqPassword(client),
    application_name: applicationName(null),
    types: TYPES,
    lock_timeout: options.lockTimeoutMs,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // An idle connection the server drops is reported as an 'error' event, which would end the
  // process if nobody listened; the next query on the connection fails and says so instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`${SERVER_KEEPALIVES}; ${READ_COMMITTED}; ${NO_IDLE_TIMEOUT}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}
