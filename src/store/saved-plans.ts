/**
 * Saved plans and their approvals (DESIGN §6): a plan is known by the SHA-256 of its file, so
 * an edited file no longer matches the approval given to the original; a plan file names the
 * store it was made from, by the store's id.
 */
import type { AuditContext } from './audit-context.js';

export interface SavedPlanInput {
  sha256: string;
  asOf: string;
  policySha256: string | null;
  validUntil: string | null;
  /** The plan file's parsed JSON. */
  body: unknown;
}

export interface SavedPlan extends SavedPlanInput {
  createdAt: string;
  storeId: string;
}

export interface PlanApproval {
  planSha256: string;
  approvedBy: string;
  approvedAt: string;
  note: string | null;
}

export interface ApprovalResult {
  /** The approval now recorded, or the plan's first approval when it had one already. */
  approval: PlanApproval;
  /** False when the plan was approved before: nothing new was recorded. */
  recorded: boolean;
}

export interface ApprovedPlan {
  plan: SavedPlan;
  approvals: PlanApproval[];
}

export interface SavedPlans {
  /** The store's random id, given when it was made and kept for its life: a plan file names it. */
  storeId(): Promise<string>;
  /** Saves a plan once; saving the same bytes again keeps the first copy. */
  savePlan(plan: SavedPlanInput): Promise<void>;
  getPlan(sha256: string): Promise<SavedPlan | null>;
  /** The plan saved last (`plan --out`), approved or not; null when none was ever saved. */
  latestSavedPlan(): Promise<SavedPlan | null>;
  /**
   * Approves a saved plan once, by `by.actor`, with an `approve` entry naming the plan's policy
   * version; approving it again records nothing (see ApprovalResult). The note is free text
   * and stays out of the log. A plan the store has not saved is refused (`plan.not-found`).
   */
  approvePlan(approval: { planSha256: string; note?: string | null }, by: AuditContext): Promise<ApprovalResult>;
  /** Saved plans with at least one approval, oldest first. */
  approvedPlans(): Promise<ApprovedPlan[]>;
}
