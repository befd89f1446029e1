/**
 * An approval is given to records at the places the plan listed (review fix 1): a plan pins
 * each due record by its subject, its category and a SHA-256 of its location, and an approved
 * record is carried out only while the store still says the same. A re-import that moves an id
 * to another file (or gives it to another subject) would otherwise delete something nobody
 * approved, under the approver's name.
 */
import { hashLocation } from '../audit-entry.js';
import type { InventoryRecord } from '../engine/types.js';
import type { PlannedRecord } from './plan-file.js';

export type PinnedField = 'location' | 'subject' | 'category';

/**
 * Why an approved record may not be carried out as it is now: it changed since the plan, or the
 * plan (written before plans pinned their records) cannot tell — both need a new plan.
 */
export type PinMismatch = { readonly kind: 'changed'; readonly fields: readonly PinnedField[] } | { readonly kind: 'unpinned' };

type Identity = Pick<InventoryRecord, 'subject' | 'category' | 'location'>;

/** The location as a plan pins it: a hash, like the log, so the plan file names no path. */
export function locationPin(location: string | null): string | null {
  return location === null ? null : hashLocation(location);
}

/** null when `current` is still the record `planned` was approved as. */
export function pinMismatch(planned: PlannedRecord, current: Identity): PinMismatch | null {
  if (planned.locationSha256 === undefined) return { kind: 'unpinned' };
  const fields: PinnedField[] = [];
  if (planned.locationSha256 !== locationPin(current.location)) fields.push('location');
  if (planned.subject !== current.subject) fields.push('subject');
  if (planned.category !== current.category) fields.push('category');
  return fields.length === 0 ? null : { kind: 'changed', fields };
}

/** The sentence a person reads: what changed, and that a new plan is needed. */
export function describeMismatch(mismatch: PinMismatch, plan: string): string {
  const name = `plan ${plan.slice(0, 12)}…`;
  return mismatch.kind === 'unpinned'
    ? `${name} was saved by an older version of retention that did not record where each record is: needs a new plan`
    : `${mismatch.fields.join(', ')} changed since ${name} was approved: needs a new plan`;
}

/** One approved plan's listing of a record. */
export interface Approval {
  readonly plan: string;
  /** When the plan was made. */
  readonly createdAt: string;
  readonly planned: PlannedRecord;
}

/** Each record id's approvals, in the order of the plans. */
export function approvalsById(
  plans: readonly { readonly sha256: string; readonly createdAt: string; readonly records: readonly PlannedRecord[] }[],
): Map<string, Approval[]> {
  const byId = new Map<string, Approval[]>();
  for (const { sha256, createdAt, records } of plans) {
    for (const planned of records) {
      const approval = { plan: sha256, createdAt, planned };
      const list = byId.get(planned.id);
      if (list) list.push(approval);
      else byId.set(planned.id, [approval]);
    }
  }
  return byId;
}

/** Why an approved plan's listing of a record does not count for the record as it is now. */
export interface NotApproved {
  readonly plan: string;
  readonly mismatch: PinMismatch;
}

/**
 * The first approved plan that lists `record` as it is now; when every plan that lists it
 * approved something else (or cannot tell), null, with the first of them and why.
 */
export function approvalOf(
  approvals: readonly Approval[] | undefined,
  record: Identity,
): { plan: string | null; changed: NotApproved | null } {
  let changed: NotApproved | null = null;
  for (const { plan, planned } of approvals ?? []) {
    const mismatch = pinMismatch(planned, record);
    if (mismatch === null) return { plan, changed: null };
    changed ??= { plan, mismatch };
  }
  return { plan: null, changed };
}
