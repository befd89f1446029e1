/**
 * The one connection a process has to a PostgreSQL store (DESIGN §10: one client, no pool),
 * and the transactions on it. Every write to the store takes the store's write lock first (a
 * transaction-level advisory lock, like SQLite's BEGIN IMMEDIATE), so the writes of all hosts
 * are serialised: whatever a write reads (the log's head, the holds a batch is re-decided
 * with) is still true when it commits, and the audit chain never forks.
 */
import os from 'node:os';
import pg from 'pg';
import pgpass from 'pgpass';
import { postgresStoreError, WRITE_WAIT_MS } from './postgres-errors.js';

/** What queries run on: the session's client, inside or outside a transaction. */
export type Sql = pg.ClientBase;

/** PostgreSQL cuts application_name at 63 bytes. */
const APPLICATION_NAME_BYTES = 63;

/**
 * `retention RUN PID@HOST`, what pg_stat_activity shows of this process and what a run
 * refused the lock reads back to name the holder (`-` before a run has begun).
 */
export function applicationName(run: string | null): string {
  const name = `retention ${run ?? '-'} ${process.pid}@${os.hostname()}`;
  return Buffer.from(name).subarray(0, APPLICATION_NAME_BYTES).toString('utf8').replace(/\uFFFD$/, '');
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
  return new Promise((resolve) => pgpass({ host: client.host, port: client.port, database: client.database, user: client.user }, (password) => resolve(password ?? '')));
}

/** Connects to `url` (shown as `shown` in messages); the password, if any, comes from PGPASSWORD or ~/.pgpass. */
export async function connect(url: string, shown: string): Promise<pg.Client> {
  const client: pg.Client = new pg.Client({
    connectionString: url,
    password: (): Promise<string> => libpqPassword(client),
    application_name: applicationName(null),
    types: TYPES,
    lock_timeout: WRITE_WAIT_MS,
  });
  // An idle connection the server drops is reported as an 'error' event, which would end the
  // process if nobody listened; the next query on the connection fails and says so instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw postgresStoreError(error, shown);
  }
  return client;
}

const WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('retention write ' || current_schema(), 0))";

/** Takes the store's write lock for the rest of the transaction (waits up to WRITE_WAIT_MS for another host's write). */
export async function lockWrites(sql: Sql): Promise<void> {
  await sql.query(WRITE_LOCK);
}

export class PgSession {
  private queue: Promise<unknown> = Promise.resolve();
  /** Inside wholeOrNothing: transactions become savepoints of the one around them. */
  private enclosed = false;

  constructor(
    readonly client: pg.Client,
    /** The store's URL as messages show it. */
    readonly shown: string,
  ) {}

  /** Runs `work` on the connection with nothing else in between (the store's callers may overlap; a transaction must not). */
  read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.serially(() => work(this.client));
  }

  /** One writing transaction: the write lock, then `work`, then commit; rolled back if anything throws. */
  write<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.transaction(async (sql) => {
      await lockWrites(sql);
      return work(sql);
    });
  }

  /** One transaction; `work` takes the write lock itself (lockWrites) before it writes what others may read. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.serially(async () => {
      const [begin, commit, rollback] = this.enclosed
        ? ['SAVEPOINT retention_write', 'RELEASE SAVEPOINT retention_write', 'ROLLBACK TO SAVEPOINT retention_write']
        : ['BEGIN', 'COMMIT', 'ROLLBACK'];
      await this.client.query(begin);
      try {
        const result = await work(this.client);
        await this.client.query(commit);
        return result;
      } catch (error) {
        // A lost connection cannot roll back; the server does it when the session ends.
        await this.client.query(rollback).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Runs `work` in one transaction around every write it makes, so that all of it is kept or
   * none (a new store and its first import). Nothing else may use the session meanwhile.
   */
  async wholeOrNothing<T>(work: () => Promise<T>): Promise<T> {
    await this.read((sql) => sql.query('BEGIN'));
    this.enclosed = true;
    try {
      const result = await work();
      this.enclosed = false;
      await this.read((sql) => sql.query('COMMIT'));
      return result;
    } catch (error) {
      this.enclosed = false;
      await this.read((sql) => sql.query('ROLLBACK')).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The connection for the caller alone until `release` is called: for reads that span the
   * caller's own awaits in one snapshot (a store copy). Every other use of the session waits.
   */
  async hold(): Promise<{ sql: Sql; release: () => void }> {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const turn = this.queue;
    this.queue = turn.then(() => held);
    await turn;
    return { sql: this.client, release };
  }

  async close(): Promise<void> {
    await this.serially(() => this.client.end());
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(work);
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
