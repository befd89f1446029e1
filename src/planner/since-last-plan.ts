/**
 * The report's "Since the last report" (issue 12): against the plan saved last (`plan --out`),
 * the records due now that it did not list, the records held now by a hold placed since, the
 * records deleted or destroyed since, the records forgotten since (`inventory forget`: closed
 * without a deletion), and the erasure requests opened and completed since —
 * from the saved plan's records and the audit log, nothing else.
 */
import { ERASURE_REQUEST_EVENT } from '../vocabulary.js';
import type { Decision } from '../engine/types.js';
import { isRecord } from '../is-record.js';
import type { AuditLog, SavedPlan, SavedPlans } from '../store/types.js';

export interface SinceLastPlan {
  /** The plan compared with: saved at `createdAt`, as of `asOf`. */
  plan: { sha256: string; createdAt: string; asOf: string };
  /** Due now, and not among the due records of that plan. */
  newlyDue: string[];
  /** Held now by a hold placed since that plan was saved. */
  newlyHeld: string[];
  /** Deleted (`deleted`) or destroyed by hand (`confirm`) since. */
  deleted: string[];
  /** Forgotten (`forget`) since: closed for good without a deletion by retention. */
  forgotten: string[];
  /** Subjects (or records) whose erasure request was recorded since. */
  erasureRequestsOpened: string[];
  /** Subjects whose erasure request was completed (`erasure-completed`) since. */
  erasureRequestsClosed: string[];
}

/** Collects "since the last report" as the plan's decisions stream past. */
export class SinceLastPlanCollector {
  private readonly newlyDue: string[] = [];
  private readonly newlyHeld: string[] = [];

  private constructor(
    private readonly plan: SavedPlan,
    private readonly dueBefore: ReadonlySet<string>,
    private readonly holdsSince: ReadonlySet<string>,
    private readonly log: Omit<SinceLastPlan, 'plan' | 'newlyDue' | 'newlyHeld'>,
  ) {}

  /** Null when no plan was ever saved in the store (there is no last report to compare with). Read before a new plan is saved. */
  static async start(store: SavedPlans & AuditLog): Promise<SinceLastPlanCollector | null> {
    const plan = await store.latestSavedPlan();
    if (plan === null) return null;
    const holdsSince = new Set<string>();
    const log = {
      deleted: [] as string[],
      forgotten: [] as string[],
      erasureRequestsOpened: [] as string[],
      erasureRequestsClosed: [] as string[],
    };
    for await (const e of store.auditEntries({ since: plan.createdAt })) {
      if (e.action === 'hold' && typeof e.detail?.hold === 'string') holdsSince.add(e.detail.hold);
      else if ((e.action === 'deleted' || e.action === 'confirm') && e.record !== null) log.deleted.push(e.record);
      else if (e.action === 'forget' && e.record !== null) log.forgotten.push(e.record);
      else if (e.action === 'event' && e.detail?.event === ERASURE_REQUEST_EVENT)
        log.erasureRequestsOpened.push(e.subject ?? e.record ?? '?');
      else if (e.action === 'erasure-completed' && e.subject !== null) log.erasureRequestsClosed.push(e.subject);
    }
    return new SinceLastPlanCollector(plan, dueIdsOf(plan), holdsSince, log);
  }

  observe(decision: Decision): void {
    if (decision.status === 'due' && !this.dueBefore.has(decision.id)) this.newlyDue.push(decision.id);
    if (decision.status === 'held' && decision.holds.some((h) => this.holdsSince.has(h.id))) this.newlyHeld.push(decision.id);
  }

  result(): SinceLastPlan {
    const { sha256, createdAt, asOf } = this.plan;
    return { plan: { sha256, createdAt, asOf }, newlyDue: this.newlyDue, newlyHeld: this.newlyHeld, ...this.log };
  }
}

/** The due records a saved plan listed (its body was checked when it was saved). */
function dueIdsOf(plan: SavedPlan): Set<string> {
  const records = isRecord(plan.body) && Array.isArray(plan.body.records) ? plan.body.records : [];
  return new Set(records.flatMap((r: unknown) => (isRecord(r) && typeof r.id === 'string' ? [r.id] : [])));
}
