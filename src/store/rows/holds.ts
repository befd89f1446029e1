/**
 * Legal holds as every kind of store holds them. A hold's reason (and its release reason) is
 * free text a person typed and may name people: it stays in the holds table, never in the log.
 */
import type { AuditDraft } from '../../audit-entry.js';
import type { Hold } from '../../engine/types.js';
import { RetentionError } from '../../errors.js';
import { auditColumns, type AuditContext } from '../audit-context.js';
import type { HoldRow } from '../holds.js';

export interface HoldTableRow {
  id: string;
  scope: Hold['scope'];
  ref: string;
  reason: string;
  until: string | null;
  created_at: string;
  created_by: string;
  released_at: string | null;
  released_by: string | null;
  release_reason: string | null;
}

/** The hold `id` when it can be released; an unknown or already released hold is a usage error. */
export function releasableHold(id: string, row: HoldTableRow | undefined): HoldTableRow {
  if (!row) throw new RetentionError('hold.not-found', `no hold "${id}"; see \`retention hold list\``);
  if (row.released_at !== null) throw new RetentionError('hold.already-released', `hold ${id} was already released on ${row.released_at} by ${row.released_by}`);
  return row;
}

/** The entry names the held record, subject or category in its own column, so filters find it. */
export function holdDraft(action: 'hold' | 'hold-release', hold: Hold, by: AuditContext, extra: { until?: string | null }): AuditDraft {
  return {
    ...auditColumns(by),
    action,
    record: hold.scope === 'record' ? hold.ref : null,
    subject: hold.scope === 'subject' ? hold.ref : null,
    category: hold.scope === 'category' ? hold.ref : null,
    detail: { hold: hold.id, scope: hold.scope, ref: hold.ref, ...extra },
  };
}

export function toHold(row: HoldTableRow): Hold {
  return { id: row.id, scope: row.scope, ref: row.ref, reason: row.reason, until: row.until };
}

export function toHoldRow(row: HoldTableRow): HoldRow {
  return {
    ...toHold(row),
    createdAt: row.created_at,
    createdBy: row.created_by,
    releasedAt: row.released_at,
    releasedBy: row.released_by,
    releaseReason: row.release_reason,
  };
}
