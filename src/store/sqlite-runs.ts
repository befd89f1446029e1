/**
 * Runs and the one-run-at-a-time lease of the SQLite store. The lease is a singleton row
 * taken under BEGIN IMMEDIATE, so two processes cannot both see it free.
 */
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { LeaseHolder, LeaseResult, RunStart, RunSummary } from './types.js';

export class SqliteRuns {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
  ) {
    this.statements = {
      holder: db.prepare<[], LeaseHolder>('SELECT run, pid, host, acquired_at AS acquiredAt FROM lease WHERE singleton = 1'),
      take: db.prepare(
        `INSERT INTO lease (singleton, run, pid, host, acquired_at) VALUES (1, @run, @pid, @host, @at)
         ON CONFLICT (singleton) DO UPDATE SET run = excluded.run, pid = excluded.pid, host = excluded.host,
           acquired_at = excluded.acquired_at`,
      ),
      release: db.prepare<[string]>('DELETE FROM lease WHERE run = ?'),
      insertRun: db.prepare(
        `INSERT INTO runs (id, kind, actor, policy_sha256, started_at, status)
         VALUES (@id, @kind, @actor, @policySha256, @at, 'running')`,
      ),
      selectRun: db.prepare<[string], { actor: string; policy_sha256: string | null }>(
        'SELECT actor, policy_sha256 FROM runs WHERE id = ?',
      ),
      endRun: db.prepare('UPDATE runs SET ended_at = @at, status = @status, summary = @summary WHERE id = @id'),
    };
  }

  /**
   * Takes the lease unless a live run holds it. A holder on this host whose pid is gone
   * (`isAlive` false) crashed: its lease is stale and taken over, and the result says from whom.
   * A holder on another host is never presumed dead.
   */
  acquireLease(lease: { run: string; pid: number; host: string }, isAlive: (pid: number) => boolean): LeaseResult {
    const s = this.statements;
    return this.db
      .transaction((): LeaseResult => {
        const holder = s.holder.get() ?? null;
        const stale = holder !== null && holder.host === lease.host && !isAlive(holder.pid);
        if (holder !== null && !stale) return { acquired: false, holder };
        s.take.run({ ...lease, at: this.now().toISOString() });
        return { acquired: true, tookOverFrom: holder };
      })
      .immediate();
  }

  /** Gives the lease back if this run still holds it. */
  releaseLease(run: string): void {
    this.db.transaction(() => this.statements.release.run(run)).immediate();
  }

  startRun(run: RunStart): void {
    this.db
      .transaction(() => {
        this.statements.insertRun.run({ ...run, at: this.now().toISOString() });
        this.audit.appendInTx([
          {
            actor: run.actor,
            action: 'run-start',
            run: run.id,
            policySha256: run.policySha256,
            detail: { kind: run.kind, ...run.detail },
          },
        ]);
      })
      .immediate();
  }

  /** Closes a run started with startRun; the summary (counts, not names) goes into `run-end`. */
  endRun(id: string, status: string, summary: RunSummary): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        const run = s.selectRun.get(id);
        if (!run) throw new Error(`run ${id} was never started (this is a bug)`);
        s.endRun.run({ id, status, at: this.now().toISOString(), summary: JSON.stringify(summary) });
        this.audit.appendInTx([
          { actor: run.actor, action: 'run-end', run: id, policySha256: run.policy_sha256, detail: { status, summary } },
        ]);
      })
      .immediate();
  }
}
