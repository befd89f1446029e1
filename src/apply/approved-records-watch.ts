/**
 * An import that changes an approved record (moves its id to another location, say) takes the
 * approval away from it: `apply` will not carry it out (record-pin.ts). The person importing
 * hears of it there and then, by name, rather than from the next night's run.
 */
import type { InventoryRecord } from '../engine/types.js';
import type { SavedPlans } from '../store/types.js';
import { carryOutRules } from './carry-out.js';
import type { PlanCheckContext } from '../saved-plans/plan-checks.js';
import { approvalOf, approvalsById, describeMismatch, type Approval } from '../saved-plans/record-pin.js';

export interface ChangedApprovedRecord {
  id: string;
  plan: string;
  /** What changed and what to do, as `apply` will say it. */
  reason: string;
}

/** Passes an import's batches through, noting the records that no longer match a still-valid approved plan. */
export class ApprovedRecordsWatch {
  readonly changed: ChangedApprovedRecord[] = [];

  private constructor(private readonly approvals: ReadonlyMap<string, readonly Approval[]>) {}

  /** Watches for the records of the approved plans that `apply --yes` would carry out today. */
  static async of(store: SavedPlans, check: Omit<PlanCheckContext, 'storeId'>): Promise<ApprovedRecordsWatch> {
    const { plans } = await carryOutRules(store, undefined, check);
    return new ApprovedRecordsWatch(approvalsById(plans));
  }

  async *watch(batches: AsyncIterable<InventoryRecord[]>): AsyncIterable<InventoryRecord[]> {
    for await (const batch of batches) {
      // Most imports meet no approved plan: then a million id lookups are a million hashes of strings for nothing.
      if (this.approvals.size > 0) for (const record of batch) this.check(record);
      yield batch;
    }
  }

  private check(record: InventoryRecord): void {
    const approvals = this.approvals.get(record.id);
    if (!approvals) return;
    const { changed } = approvalOf(approvals, record);
    // A plan of an older version pins nothing: every record of it would be named, every time.
    if (changed && changed.mismatch.kind === 'changed')
      this.changed.push({ id: record.id, plan: changed.plan, reason: describeMismatch(changed.mismatch, changed.plan) });
  }
}
