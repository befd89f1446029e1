/**
 * Saved plans and their approvals in the PostgreSQL store; what a row holds is rows/plans.ts.
 * An approval counts only with its `approve` entry in the log (log-view.ts), as in the SQLite
 * store: a row put in the approvals table behind the tool's back approves nothing.
 */
import type { AuditContext } from './audit-context.js';
import { APPROVE_ENTRIES_SQL, approvalsAsLogged, approvalsInLog, loggedEntry, type LoggedEntry, type LoggedEntryRow } from './log-view.js';
import type { PgAuditLog } from './postgres-audit.js';
import type { PgSession, Sql } from './postgres-session.js';
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

  latest(): Promise<SavedPlan | null> {
    return this.session.use(async (sql) => {
      const { rows } = await sql.query<PlanRow>('SELECT * FROM plans ORDER BY created_at DESC, sha256 DESC LIMIT 1');
      return rows[0] ? toSavedPlan(rows[0]) : null;
    });
  }

  /** Records who approved a saved plan, with an `approve` entry; a plan approved before keeps its first approval. */
  approve(input: { planSha256: string; note?: string | null }, by: AuditContext): Promise<ApprovalResult> {
    return this.session.write(async (sql): Promise<ApprovalResult> => {
      const plan = (await sql.query<PlanRow>('SELECT * FROM plans WHERE sha256 = $1', [input.planSha256])).rows[0];
      if (!plan) throw unknownPlan(input.planSha256);
      const [earlier] = await approvalsOf(sql, input.planSha256, approvalsInLog(await entriesIn(sql)));
      if (earlier) return { approval: earlier, recorded: false };
      // The approval's time is its entry's, the one every later run reads (log-view.ts).
      const [entry] = await this.audit.appendInTx(sql, [approveDraft(plan, by)]);
      if (entry === undefined) throw new Error('appending the approve entry returned no entry (this is a bug)');
      const approval: PlanApproval = { planSha256: input.planSha256, approvedBy: by.actor, approvedAt: entry.at, note: input.note ?? null };
      await sql.query('INSERT INTO approvals (plan_sha256, approved_by, approved_at, note) VALUES ($1, $2, $3, $4)', [
        approval.planSha256,
        approval.approvedBy,
        approval.approvedAt,
        approval.note,
      ]);
      return { approval, recorded: true };
    });
  }

  /** Saved plans with at least one approval that the log records, oldest first, each with those approvals. */
  approvedPlans(): Promise<ApprovedPlan[]> {
    return this.session.use(async (sql) => {
      const logged = approvalsInLog(await entriesIn(sql));
      const plans = (
        await sql.query<PlanRow>('SELECT * FROM plans WHERE sha256 = ANY($1) ORDER BY created_at, sha256', [[...logged.keys()]])
      ).rows;
      const approved: ApprovedPlan[] = [];
      for (const row of plans) approved.push({ plan: toSavedPlan(row), approvals: await approvalsOf(sql, row.sha256, logged) });
      return approved;
    });
  }

  /** The approvals table as it is, and the log's `approve` entries, for `audit verify`'s check. */
  tableAndLog(): Promise<{ rows: PlanApproval[]; entries: LoggedEntry[] }> {
    return this.session.use(async (sql) => ({
      rows: (await sql.query<PlanApproval>(`SELECT ${APPROVAL_COLUMNS} FROM approvals ORDER BY approved_at`)).rows,
      entries: await entriesIn(sql),
    }));
  }
}

/** The plan's approvals as the log records them, with the notes the table keeps. */
async function approvalsOf(sql: Sql, plan: string, logged: ReturnType<typeof approvalsInLog>): Promise<PlanApproval[]> {
  return approvalsAsLogged(
    plan,
    logged,
    (await sql.query<PlanApproval>(`SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE plan_sha256 = $1`, [plan])).rows,
  );
}

async function entriesIn(sql: Sql): Promise<LoggedEntry[]> {
  return (await sql.query<LoggedEntryRow>(APPROVE_ENTRIES_SQL)).rows.map(loggedEntry);
}
