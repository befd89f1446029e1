/** Saved plans and approvals as every kind of store holds them (DESIGN §6). */
import type { AuditDraft } from '../../audit-entry.js';
import { RetentionError } from '../../errors.js';
import { auditColumns, type AuditContext } from '../audit-context.js';
import type { SavedPlan } from '../saved-plans.js';

export interface PlanRow {
  sha256: string;
  created_at: string;
  as_of: string;
  policy_sha256: string | null;
  store_id: string;
  valid_until: string | null;
  body: string;
}

export function toSavedPlan(row: PlanRow): SavedPlan {
  return {
    sha256: row.sha256,
    createdAt: row.created_at,
    asOf: row.as_of,
    policySha256: row.policy_sha256,
    storeId: row.store_id,
    validUntil: row.valid_until,
    body: JSON.parse(row.body) as unknown,
  };
}

export function unknownPlan(sha256: string): RetentionError {
  return new RetentionError('plan.not-found', `no saved plan with SHA-256 ${sha256} in this store`);
}

/** The `approve` entry names the plan's policy version; the note is free text and may name people: it stays out of the log. */
export function approveDraft(plan: PlanRow, by: AuditContext): AuditDraft {
  return { ...auditColumns(by), action: 'approve', policySha256: plan.policy_sha256, detail: { plan: plan.sha256, asOf: plan.as_of } };
}
