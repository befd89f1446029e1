/**
 * Saved plans and their approvals (DESIGN §6): a plan is known by the SHA-256 of its file,
 * so an edited file no longer matches the approval given to the original. An approval counts
 * only with its `approve` entry in the log (log-view.ts): a row put in the approvals table
 * behind the tool's back approves nothing.
 */
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { AuditContext } from './audit-context.js';
import type { ApprovalResult, ApprovedPlan, PlanApproval, SavedPlan, SavedPlanInput } from './saved-plans.js';
import {
  approvalsAsLogged,
  approvalsInLog,
  type LoggedApproval,
  type LoggedEntry,
  type LoggedEntryRow,
  APPROVE_ENTRIES_SQL,
} from './log-view.js';
import { readLoggedEntries } from './sqlite-logged-entries.js';
import { approveDraft, toSavedPlan, unknownPlan, type PlanRow } from './rows/plans.js';

export class SqlitePlans {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
    private readonly storeId: string,
  ) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO plans (sha256, created_at, as_of, policy_sha256, store_id, valid_until, body)
         VALUES (@sha256, @createdAt, @asOf, @policySha256, @storeId, @validUntil, @body)
         ON CONFLICT (sha256) DO NOTHING`,
      ),
      select: db.prepare<[string], PlanRow>('SELECT * FROM plans WHERE sha256 = ?'),
      latest: db.prepare<[], PlanRow>('SELECT * FROM plans ORDER BY created_at DESC, sha256 DESC LIMIT 1'),
      approve: db.prepare(
        'INSERT INTO approvals (plan_sha256, approved_by, approved_at, note) VALUES (@planSha256, @approvedBy, @approvedAt, @note)',
      ),
      approvalsOf: db.prepare<[string], PlanApproval>(
        `SELECT plan_sha256 AS planSha256, approved_by AS approvedBy, approved_at AS approvedAt, note
         FROM approvals WHERE plan_sha256 = ? ORDER BY rowid`,
      ),
      allApprovals: db.prepare<[], PlanApproval>(
        'SELECT plan_sha256 AS planSha256, approved_by AS approvedBy, approved_at AS approvedAt, note FROM approvals ORDER BY rowid',
      ),
      entries: db.prepare<[], LoggedEntryRow>(APPROVE_ENTRIES_SQL),
    };
  }

  /** Saves a plan once; saving the same bytes again keeps the first copy. */
  save(plan: SavedPlanInput): void {
    const row = { ...plan, createdAt: this.now().toISOString(), storeId: this.storeId, body: JSON.stringify(plan.body) };
    this.db.transaction(() => this.statements.insert.run(row)).immediate();
  }

  get(sha256: string): SavedPlan | null {
    const row = this.statements.select.get(sha256);
    return row ? toSavedPlan(row) : null;
  }

  /**
   * Records who approved a saved plan, with an `approve` entry; an unknown plan is a usage
   * error. A plan approved before keeps its first approval and nothing new is recorded.
   */
  approve(input: { planSha256: string; note?: string | null }, by: AuditContext): ApprovalResult {
    return this.db
      .transaction((): ApprovalResult => {
        const plan = this.statements.select.get(input.planSha256);
        if (!plan) throw unknownPlan(input.planSha256);
        const [earlier] = this.approvalsOf(input.planSha256, approvalsInLog(this.entries()));
        if (earlier) return { approval: earlier, recorded: false };
        // The approval's time is its entry's, the one every later run reads (log-view.ts).
        const [entry] = this.audit.appendInTx([approveDraft(plan, by)]);
        if (entry === undefined) throw new Error('appending the approve entry returned no entry (this is a bug)');
        const approval: PlanApproval = {
          planSha256: input.planSha256,
          approvedBy: by.actor,
          approvedAt: entry.at,
          note: input.note ?? null,
        };
        this.statements.approve.run(approval);
        return { approval, recorded: true };
      })
      .immediate();
  }

  latest(): SavedPlan | null {
    const row = this.statements.latest.get();
    return row ? toSavedPlan(row) : null;
  }

  /** Plans with at least one approval that the log records. */
  approvedPlans(): ApprovedPlan[] {
    const logged = approvalsInLog(this.entries());
    return [...logged.keys()]
      .flatMap((sha256) => this.statements.select.get(sha256) ?? [])
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.sha256.localeCompare(b.sha256))
      .map((row) => ({ plan: toSavedPlan(row), approvals: this.approvalsOf(row.sha256, logged) }));
  }

  /** The approvals table as it is, for `audit verify`'s check against the log. */
  approvalRows(): PlanApproval[] {
    return this.statements.allApprovals.all();
  }

  /** The log's `approve` entries. */
  entries(): LoggedEntry[] {
    return readLoggedEntries(this.statements.entries);
  }

  /** The plan's approvals as the log records them, with the notes the table keeps. */
  private approvalsOf(plan: string, logged: ReadonlyMap<string, ReadonlyMap<string, LoggedApproval>>): PlanApproval[] {
    return approvalsAsLogged(plan, logged, this.statements.approvalsOf.all(plan));
  }
}
