/**
 * Legal holds: nothing under a hold is deleted. A hold's reason (and its release reason) is
 * free text a person typed and may name people: it stays in the store, never in the log.
 */
import type { Hold, HoldScope } from '../engine/types.js';
import type { AuditContext } from './audit-context.js';

export interface HoldInput {
  scope: HoldScope;
  ref: string;
  reason: string;
  until: string | null;
}

export interface HoldRow extends Hold {
  createdAt: string;
  createdBy: string;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

export interface Holds {
  /** Places a hold with the next id (`H-1`, `H-2`…) and its `hold` entry. */
  addHold(hold: HoldInput, by: AuditContext): Promise<Hold>;
  /** Releases an active hold with a `hold-release` entry; refuses an unknown id (`hold.not-found`) and a released one (`hold.already-released`). */
  releaseHold(id: string, reason: string, by: AuditContext): Promise<Hold>;
  listHolds(options?: { includeReleased?: boolean }): Promise<HoldRow[]>;
  /** Holds not released, oldest first; whether `until` has passed is the engine's call, with the as-of date. */
  activeHolds(): Promise<Hold[]>;
}
