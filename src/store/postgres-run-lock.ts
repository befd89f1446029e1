/**
 * The run lock of the PostgreSQL store (DESIGN §6, §10): a session-level advisory lock per
 * (store, target), so hosts deleting from different targets run at once, and a run killed in
 * any way loses its locks when the server ends its session: no pid or host bookkeeping, no
 * takeover. Who holds a lock is read from pg_locks and pg_stat_activity, where this process's
 * application_name names its run, pid and host.
 */
import { applicationName, parseApplicationName } from '../postgres/connect.js';
import type { PgSession, Sql } from './postgres-session.js';
import type { LockHolder, LockScope, RunLockAttempt } from './run-lock.js';

/** The advisory lock key of each target: the store's id and the target's name, hashed by the server. */
const KEYS = "SELECT target, hashtextextended('retention run ' || $1 || ' ' || target, 0) AS key FROM unnest($2::text[]) AS target";

interface HolderRow {
  target: string;
  pid: number;
  application_name: string | null;
  client: string | null;
  backend_start: Date | null;
}

/** A lock freed between the failed try and the look at its holder is tried again, this many times. */
const ATTEMPTS = 3;

export class PgRunLock {
  constructor(
    private readonly session: PgSession,
    private readonly storeId: string,
  ) {}

  acquire(run: string, scope: LockScope): Promise<RunLockAttempt> {
    const targets = [...new Set(scope.targets)].sort();
    return this.session.use(async (sql) => {
      await sql.query("SELECT set_config('application_name', $1, false)", [applicationName(run)]);
      for (let attempt = 1; ; attempt += 1) {
        const { rows } = await sql.query<{ target: string; taken: boolean }>(
          `SELECT target, pg_try_advisory_lock(key) AS taken FROM (${KEYS}) AS k`,
          [this.storeId, targets],
        );
        const refused = rows.filter((row) => !row.taken).map((row) => row.target);
        if (refused.length === 0) return { acquired: true, tookOverFrom: null, release: () => this.release(targets) };
        await this.unlock(
          sql,
          rows.filter((row) => row.taken).map((row) => row.target),
        );
        const holders = await this.holders(sql, refused);
        const first = holders[0];
        if (first || attempt === ATTEMPTS) {
          await sql.query("SELECT set_config('application_name', $1, false)", [applicationName(null)]);
          const held = first ? holders.filter((h) => h.pid === first.pid).map((h) => h.target) : refused;
          return { acquired: false, holder: first ? holderOf(first) : UNKNOWN_HOLDER, targets: held };
        }
      }
    });
  }

  /** The server pid of the session `run` is connected in (its application_name names the run); null when none is. */
  sessionOf(run: string): Promise<number | null> {
    return this.session.use(async (sql) => {
      const { rows } = await sql.query<{ pid: number; application_name: string | null }>(
        "SELECT pid, application_name FROM pg_stat_activity WHERE application_name LIKE 'retention %' AND pid <> pg_backend_pid()",
      );
      return rows.find((row) => parseApplicationName(row.application_name)?.run === run)?.pid ?? null;
    });
  }

  private async release(targets: readonly string[]): Promise<void> {
    await this.session.use(async (sql) => {
      await this.unlock(sql, targets);
      await sql.query("SELECT set_config('application_name', $1, false)", [applicationName(null)]);
    });
  }

  private async unlock(sql: Sql, targets: readonly string[]): Promise<void> {
    if (targets.length > 0) await sql.query(`SELECT pg_advisory_unlock(key) FROM (${KEYS}) AS k`, [this.storeId, targets]);
  }

  /** The sessions holding the locks of `targets` (a bigint key shows in pg_locks as classid, objid). */
  private async holders(sql: Sql, targets: readonly string[]): Promise<HolderRow[]> {
    const { rows } = await sql.query<HolderRow>(
      `SELECT k.target, l.pid, a.application_name, COALESCE(a.client_hostname, host(a.client_addr)) AS client, a.backend_start
       FROM (${KEYS}) AS k
       JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.classid::bigint = ((k.key >> 32) & 4294967295) AND l.objid::bigint = (k.key & 4294967295)
       LEFT JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.pid <> pg_backend_pid()
       ORDER BY k.target`,
      [this.storeId, targets],
    );
    return rows;
  }
}

const UNKNOWN_HOLDER: LockHolder = { run: 'unknown', pid: 0, host: 'unknown', acquiredAt: 'unknown', client: null };

/** The holder as its application_name names it; another program's session by its server pid and address. */
function holderOf(row: HolderRow): LockHolder {
  const named = parseApplicationName(row.application_name);
  return {
    run: named?.run ?? `(not a retention run: application "${row.application_name ?? ''}")`,
    pid: named?.pid ?? row.pid,
    host: named?.host ?? row.client ?? 'this server',
    acquiredAt: row.backend_start?.toISOString() ?? 'unknown',
    client: row.client ?? 'local socket',
  };
}
