/**
 * The transactions on the one connection a process has to a PostgreSQL store (DESIGN §10: one
 * client, no pool). Every write to the store takes the store's write lock first (a
 * transaction-level advisory lock, like SQLite's BEGIN IMMEDIATE), so the writes of all hosts
 * are serialised: whatever a write reads (the log's head, the holds a batch is re-decided
 * with) is still true when it commits, and the audit chain never forks.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** What queries run on: the session's client, inside or outside a transaction. */
export type Sql = pg.ClientBase;

const WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('retention write ' || current_schema(), 0))";

/** Takes the store's write lock for the rest of the transaction (waits up to WRITE_WAIT_MS for another host's write). */
export async function lockWrites(sql: Sql): Promise<void> {
  await sql.query(WRITE_LOCK);
}

/**
 * The server's clock now, as toISOString writes a time (UTC, milliseconds). A run's start and
 * the time an import gives its records are compared to find the records imported during the
 * run: read under the write lock from the one clock every host shares, they come in the order
 * the two committed, whatever the hosts' own clocks say.
 */
export const SERVER_NOW = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A statement the server prepares once per connection (named after its text) rather than plans
 * again at every execution: for a statement run once per batch or per page. An apply batch's
 * two writes, bound to some 18 arrays of 1,000 values, spent about half of their bind time
 * planning, 0.2 s of the server's 1.5 s in a 20,000-file apply.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `retention-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

const statementNames = new Map<string, string>();

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
  use<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.serially(() => work(this.client));
  }

  /** One writing transaction: the write lock, then `work`, then commit; rolled back if anything throws. */
  write<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.transaction(work, { lockFirst: true });
  }

  /**
   * A writing transaction whose first round trip, after the write lock, also runs `reads`
   * (statements without parameters: the log's head, the holds), each in order and so under the
   * lock; `work` gets their results in the same order. A batch of a run is a few statements,
   * and on a loaded server each round trip waits for the server process to be scheduled.
   */
  writeAfter<T>(reads: readonly string[], work: (sql: Sql, results: readonly pg.QueryResult[]) => Promise<T>): Promise<T> {
    return this.transaction(work, { lockFirst: true, reads });
  }

  /**
   * One transaction; unless `lockFirst`, `work` takes the write lock itself (lockWrites) before it
   * writes what others may read.
   */
  transaction<T>(
    work: (sql: Sql, results: readonly pg.QueryResult[]) => Promise<T>,
    options: { lockFirst?: boolean; reads?: readonly string[] } = {},
  ): Promise<T> {
    return this.serially(async () => {
      const [begin, commit, rollback] = this.enclosed
        ? ['SAVEPOINT retention_write', 'RELEASE SAVEPOINT retention_write', 'ROLLBACK TO SAVEPOINT retention_write']
        : ['BEGIN', 'COMMIT', 'ROLLBACK'];
      const reads = options.reads ?? [];
      const first = [begin, ...(options.lockFirst ? [WRITE_LOCK] : []), ...reads];
      try {
        // One round trip for all: a batch of a run is a few statements, and each counts. Inside
        // the try: a lock not granted in time, or a read that fails, leaves no aborted transaction open.
        const results = await this.client.query(first.join('; ')).then(resultsOf);
        const result = await work(this.client, results.slice(results.length - reads.length));
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
  wholeOrNothing<T>(work: () => Promise<T>): Promise<T> {
    return this.around('BEGIN', work, { enclosing: true });
  }

  /**
   * Reads that must agree with each other (the tables against the log) in one REPEATABLE READ,
   * READ ONLY transaction: every statement sees the same snapshot. Under READ COMMITTED each
   * statement has its own, and a deletion another host's run committed between the read of the
   * log and the read of the records showed as a tombstone no entry explained: apply refused
   * with a false "tables disagree". Nothing else may use the session meanwhile.
   */
  snapshot<T>(work: () => Promise<T>): Promise<T> {
    return this.enclosed ? work() : this.around('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work, { enclosing: false });
  }

  /**
   * `work` in one transaction begun by `begin`: committed after it, rolled back if it throws.
   * `enclosing`: meanwhile the session's own transactions become savepoints of this one.
   */
  private async around<T>(begin: string, work: () => Promise<T>, { enclosing }: { enclosing: boolean }): Promise<T> {
    await this.use((sql) => sql.query(begin));
    this.enclosed = enclosing;
    try {
      const result = await work();
      this.enclosed = false;
      await this.use((sql) => sql.query('COMMIT'));
      return result;
    } catch (error) {
      this.enclosed = false;
      await this.use((sql) => sql.query('ROLLBACK')).catch(() => undefined);
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

/**
 * The results of a query text: one per statement. pg resolves a text of several statements
 * (the simple protocol) to an array of results, which its types do not say.
 */
function resultsOf(outcome: pg.QueryResult | pg.QueryResult[]): pg.QueryResult[] {
  return Array.isArray(outcome) ? outcome : [outcome];
}
