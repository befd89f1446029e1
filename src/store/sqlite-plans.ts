/**
 * Saved plans and their approvals (DESIGN §6): a plan is known by the SHA-256 of its file,
 * so an edited file no longer matches the approval given to the original.
 */
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { AuditContext } from './audit-context.js';
import type { ApprovalResult, ApprovedPlan, PlanApproval, SavedPlan, SavedPlanInput } from './saved-plans.js';
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
      approve: db.prepare(
        'INSERT INTO approvals (plan_sha256, approved_by, approved_at, note) VALUES (@planSha256, @approvedBy, @approvedAt, @note)',
      ),
      approved: db.prepare<[], PlanRow>(
        'SELECT * FROM plans WHERE sha256 IN (SELECT plan_sha256 FROM approvals) ORDER BY created_at, sha256',
      ),
      approvalsOf: db.prepare<[string], PlanApproval>(
        `SELECT plan_sha256 AS planSha256, approved_by AS approvedBy, approved_at AS approvedAt, note
         FROM approvals WHERE plan_sha256 = ? ORDER BY rowid`,
      ),
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
        const earlier = this.statements.approvalsOf.get(input.planSha256);
        if (earlier) return { approval: earlier, recorded: false };
        const approval: PlanApproval = {
          planSha256: input.planSha256,
          approvedBy: by.actor,
          approvedAt: this.now().toISOString(),
          note: input.note ?? null,
        };
        this.statements.approve.run(approval);
        this.audit.appendInTx([approveDraft(plan, by)]);
        return { approval, recorded: true };
      })
      .immediate();
  }

  approvedPlans(): ApprovedPlan[] {
    return this.statements.approved
      .all()
      .map((row) => ({ plan: toSavedPlan(row), approvals: this.statements.approvalsOf.all(row.sha256) }));
  }
}
