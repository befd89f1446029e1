/**
 * The run lock of the SQLite store: one lease row for the whole store, whatever targets a run
 * locks, taken under BEGIN IMMEDIATE so that two processes cannot both see it free. The row
 * names the run, pid and host: a holder on this host whose process is gone crashed, and its
 * lease is taken over; a holder on another host is never presumed dead.
 */
import type Database from 'better-sqlite3';
import os from 'node:os';
import type { LockHolder, UnlockOutcome } from './run-lock.js';
import { processStartTime } from './process-start.js';

/** The process taking the lease, and how to tell whether another process on this host still runs. */
export interface LeaseTaker {
  pid: number;
  host: string;
  isAlive: (pid: number) => boolean;
  /** When a process of this host started; null (or absent) when that cannot be told. */
  startedAt?: (pid: number) => Date | null;
}

/** True unless the pid is certainly gone (ESRCH); EPERM means it exists under another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
  }
}

export const THIS_PROCESS: LeaseTaker = { pid: process.pid, host: os.hostname(), isAlive: isProcessAlive, startedAt: processStartTime };

/**
 * How much later than the lease a process may seem to have started and still be its holder:
 * the lease is written after the process started, but the two clocks are read differently.
 */
const START_TIME_SLACK_MS = 5000;

export type LeaseResult = { acquired: true; tookOverFrom: LockHolder | null } | { acquired: false; holder: LockHolder };

export class SqliteLease {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly taker: LeaseTaker = THIS_PROCESS,
  ) {
    this.statements = {
      holder: db.prepare<[], LockHolder>('SELECT run, pid, host, acquired_at AS acquiredAt FROM lease WHERE singleton = 1'),
      take: db.prepare(
        `INSERT INTO lease (singleton, run, pid, host, acquired_at) VALUES (1, @run, @pid, @host, @at)
         ON CONFLICT (singleton) DO UPDATE SET run = excluded.run, pid = excluded.pid, host = excluded.host,
           acquired_at = excluded.acquired_at`,
      ),
      release: db.prepare<[string]>('DELETE FROM lease WHERE run = ?'),
    };
  }

  /** Takes the lease for `run` unless a live run holds it; a crashed holder's lease is taken over, and the result says from whom. */
  take(run: string): LeaseResult {
    const s = this.statements;
    const { pid, host, isAlive } = this.taker;
    return this.db
      .transaction((): LeaseResult => {
        const holder = s.holder.get() ?? null;
        const stale = holder !== null && holder.host === host && !isAlive(holder.pid);
        if (holder !== null && !stale) return { acquired: false, holder };
        s.take.run({ run, pid, host, at: this.now().toISOString() });
        return { acquired: true, tookOverFrom: holder };
      })
      .immediate();
  }

  /**
   * Frees the lease `run` holds, for a person (`unlock`), unless its holder is alive on this
   * host and `force` is not given. MUST run inside an immediate transaction, with the audit
   * entry of a release.
   */
  unlockInTx(run: string, force: boolean): UnlockOutcome {
    if (!this.db.inTransaction) throw new Error('a lease must be freed inside a transaction (this is a bug)');
    const holder = this.statements.holder.get() ?? null;
    if (holder === null || holder.run !== run) return { outcome: 'not-held', holder };
    const pidRunning = holder.host === this.taker.host && this.taker.isAlive(holder.pid);
    const started = pidRunning ? (this.taker.startedAt?.(holder.pid) ?? null) : null;
    // A process that started after the lease was taken cannot be its holder: the pid was reused.
    const pidReused = started !== null && started.getTime() > Date.parse(holder.acquiredAt) + START_TIME_SLACK_MS;
    const holderAlive = pidRunning && !pidReused;
    if (holderAlive && !force) return { outcome: 'holder-alive', holder };
    this.statements.release.run(run);
    return { outcome: 'released', holder, holderAlive, pidReused };
  }

  /** Gives the lease back if `run` still holds it. */
  release(run: string): void {
    this.db.transaction(() => this.statements.release.run(run)).immediate();
  }
}
