/** Saved plans and their approvals in the PostgreSQL store; what a row holds is rows/plans.ts. */
import type { AuditContext } from './audit-context.js';
import type { PgAuditLog } from './postgres-audit.js';
import type { PgSession } from './postgres-session.js';
import { approveDraft, toSavedPlan, unknownPlan, type PlanRow } from './rows/plans.js';
import type { ApprovalResult, ApprovedPlan, PlanApproval, SavedPlan, SavedPlanInput } from './saved-plans.js';

const APPROVAL_COLUMNS = 'plan_sha256 AS "planSha256", approved_by AS "approvedBy", approved_at AS "approvedAt", note';

export class PgPlans {
  constructor(
    private readonly session: PgSession,
    private readonly audit: PgAuditLog,
    private readonly now: () => Date,
    private readonly storeId: string,
  ) {}

  /** Saves a plan once; saving the same bytes again keeps the first copy. */
  async save(plan: SavedPlanInput): Promise<void> {
    await this.session.write((sql) =>
      sql.query(
        `INSERT INTO plans (sha256, created_at, as_of, policy_sha256, store_id, valid_until, body) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (sha256) DO NOTHING`,
        [plan.sha256, this.now().toISOString(), plan.asOf, plan.policySha256, this.storeId, plan.validUntil, JSON.stringify(plan.body)],
      ),
    );
  }

  get(sha256: string): Promise<SavedPlan | null> {
    return this.session.use(async (sql) => {
      const { rows } = await sql.query<PlanRow>('SELECT * FROM plans WHERE sha256 = $1', [sha256]);
      return rows[0] ? toSavedPlan(rows[0]) : null;
    });
  }

  /** Records who approved a saved plan, with an `approve` entry; a plan approved before keeps its first approval. */
  approve(input: { planSha256: string; note?: string | null }, by: AuditContext): Promise<ApprovalResult> {
    return this.session.write(async (sql): Promise<ApprovalResult> => {
      const plan = (await sql.query<PlanRow>('SELECT * FROM plans WHERE sha256 = $1', [input.planSha256])).rows[0];
      if (!plan) throw unknownPlan(input.planSha256);
      const earlier = (await sql.query<PlanApproval>(`SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE plan_sha256 = $1 ORDER BY approved_at LIMIT 1`, [input.planSha256])).rows[0];
      if (earlier) return { approval: earlier, recorded: false };
      const approval: PlanApproval = { planSha256: input.planSha256, approvedBy: by.actor, approvedAt: this.now().toISOString(), note: input.note ?? null };
      await sql.query('INSERT INTO approvals (plan_sha256, approved_by, approved_at, note) VALUES ($1, $2, $3, $4)', [
        approval.planSha256,
        approval.approvedBy,
        approval.approvedAt,
        approval.note,
      ]);
      await this.audit.appendInTx(sql, [approveDraft(plan, by)]);
      return { approval, recorded: true };
    });
  }

  /** Saved plans with at least one approval, oldest first, each with its approvals. */
  approvedPlans(): Promise<ApprovedPlan[]> {
    return this.session.use(async (sql) => {
      const plans = (await sql.query<PlanRow>('SELECT * FROM plans WHERE sha256 IN (SELECT plan_sha256 FROM approvals) ORDER BY created_at, sha256')).rows;
      const approvals = (await sql.query<PlanApproval>(`SELECT ${APPROVAL_COLUMNS} FROM approvals ORDER BY approved_at`)).rows;
      return plans.map((row) => ({ plan: toSavedPlan(row), approvals: approvals.filter((a) => a.planSha256 === row.sha256) }));
    });
  }
}
