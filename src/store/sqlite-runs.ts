/** Runs in the SQLite store: a row each, opened with `run-start` and closed with `run-end`. */
import type Database from 'better-sqlite3';
import type { InRun } from './audit-context.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { RunStart, RunStatus, RunSummary } from './run-journal.js';
import { runEndDraft, runNeverStarted, runStartDraft } from './rows/journal.js';

export class SqliteRuns {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
  ) {
    this.statements = {
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

  startRun(run: RunStart, by: InRun): void {
    const policySha256 = by.policySha256 ?? null;
    this.db
      .transaction(() => {
        this.statements.insertRun.run({ id: by.run, kind: run.kind, actor: by.actor, policySha256, at: this.now().toISOString() });
        this.audit.appendInTx([runStartDraft(run, by)]);
      })
      .immediate();
  }

  /** Closes a run started with startRun; the summary (counts, not names) goes into `run-end`. */
  endRun(id: string, status: RunStatus, summary: RunSummary): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        const run = s.selectRun.get(id);
        if (!run) throw runNeverStarted(id);
        s.endRun.run({ id, status, at: this.now().toISOString(), summary: JSON.stringify(summary) });
        this.audit.appendInTx([runEndDraft(id, run, status, summary)]);
      })
      .immediate();
  }
}
