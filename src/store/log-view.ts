/**
 * Holds and approvals as the hash-chained log says (DESIGN §7), for every kind of store. Their
 * tables can be edited behind the tool's back (a row inserted, deleted or changed) without
 * breaking the chain, so what a run acts on is the log: an approval counts only with its
 * `approve` entry (same plan and approver); a hold is active from its `hold` entry until a
 * `hold-release` entry, with the entry's scope, ref and until. The tables only add the free
 * text a person typed (which stays out of the log). `audit verify` reports every difference
 * between the tables and the log (compareWithLog). Pure: a store reads the rows and entries.
 */
import type { AuditEntry } from '../audit-entry.js';
import { RetentionError } from '../errors.js';
import type { Hold, HoldScope } from '../engine/types.js';
import type { LogMismatch } from './audit-log.js';
import type { HoldRow } from './holds.js';
import type { PlanApproval } from './saved-plans.js';

/** The members of an entry this module reads. */
export type LoggedEntry = Pick<AuditEntry, 'seq' | 'at' | 'actor' | 'action' | 'detail'>;

/** An entry as the audit table stores it (detail as JSON text), in every kind of store. */
export interface LoggedEntryRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

/** The SQL that reads the entries of holds, and of approvals (the literal actions match the partial indexes audit_holds and audit_approvals). */
export const HOLD_ENTRIES_SQL = "SELECT seq, at, actor, action, detail FROM audit WHERE action IN ('hold', 'hold-release') ORDER BY seq";
export const APPROVE_ENTRIES_SQL = "SELECT seq, at, actor, action, detail FROM audit WHERE action = 'approve' ORDER BY seq";

/** An entry read back; a detail that is not a JSON object reads as none (the entry is then reported, never trusted). */
export function loggedEntry(row: LoggedEntryRow): LoggedEntry {
  return { seq: Number(row.seq), at: row.at, actor: row.actor, action: row.action, detail: parseDetail(row.detail) };
}

function parseDetail(text: string | null): AuditEntry['detail'] {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AuditEntry['detail']) : null;
  } catch {
    return null;
  }
}

/** A hold as its `hold` entry placed it, and its `hold-release` entry if there is one. */
export interface LoggedHold {
  id: string;
  scope: HoldScope;
  ref: string;
  until: string | null;
  placedAt: string;
  placedBy: string;
  seq: number;
  released: { at: string; by: string; seq: number } | null;
}

/** The reason a hold gets when the holds table lost its row: it stands as the log placed it. */
export const REASON_NOT_IN_TABLE = '(not in the holds table: the hold stands as the audit log records it — see retention audit verify)';

const SCOPES: readonly string[] = ['record', 'subject', 'category'] satisfies HoldScope[];

function isScope(text: unknown): text is HoldScope {
  return typeof text === 'string' && SCOPES.includes(text);
}

/**
 * Every hold the `hold` and `hold-release` entries (in seq order) place, in placing order. A
 * release closes the earliest open hold of its id. An entry whose detail cannot be read is
 * skipped here (the chain check names an edited entry); `unreadable` hears of it.
 */
export function holdsInLog(entries: Iterable<LoggedEntry>, unreadable: (entry: LoggedEntry) => void = () => undefined): LoggedHold[] {
  const holds: LoggedHold[] = [];
  for (const entry of entries) {
    const d = entry.detail;
    const id = d?.hold;
    if (typeof id !== 'string') {
      unreadable(entry);
      continue;
    }
    if (entry.action === 'hold-release') {
      const open = holds.find((h) => h.id === id && h.released === null);
      if (open) open.released = { at: entry.at, by: entry.actor, seq: entry.seq };
      continue;
    }
    const { scope, ref, until } = d ?? {};
    if (!isScope(scope) || typeof ref !== 'string' || (until !== null && until !== undefined && typeof until !== 'string')) {
      unreadable(entry);
      continue;
    }
    holds.push({
      id,
      scope,
      ref,
      until: typeof until === 'string' ? until : null,
      placedAt: entry.at,
      placedBy: entry.actor,
      seq: entry.seq,
      released: null,
    });
  }
  return holds;
}

/**
 * The hold `id` as the log places it, when it can be released: an id the log never placed is
 * `hold.not-found`, one it released `hold.already-released`.
 */
export function openHoldInLog(id: string, logged: readonly LoggedHold[]): LoggedHold {
  const placed = logged.filter((h) => h.id === id);
  const open = placed.find((h) => h.released === null);
  if (open) return open;
  const released = placed.at(-1)?.released;
  if (released) throw new RetentionError('hold.already-released', `hold ${id} was already released on ${released.at} by ${released.by}`);
  throw new RetentionError('hold.not-found', `no hold "${id}"; see \`retention hold list\``);
}

/** `H-12` → 12 (0 for an id the tool did not give out). */
export function holdNumber(id: string): number {
  return Number(/^H-(\d+)$/.exec(id)?.[1] ?? 0);
}

/** The highest hold number the log and the table have given out: the next hold gets the one after. */
export function lastHoldNumber(logged: readonly LoggedHold[], tableMax: number): number {
  let max = tableMax;
  for (const hold of logged) max = Math.max(max, holdNumber(hold.id));
  return max;
}

/** The holds as the log says, with the reasons the table keeps (released ones only when asked). */
export function holdRowsAsLogged(logged: readonly LoggedHold[], table: readonly HoldRow[], includeReleased: boolean): HoldRow[] {
  const text = new Map(table.map((row) => [row.id, row]));
  return logged
    .filter((hold) => includeReleased || hold.released === null)
    .map((hold) => {
      const row = text.get(hold.id);
      return {
        id: hold.id,
        scope: hold.scope,
        ref: hold.ref,
        until: hold.until,
        reason: row?.reason ?? REASON_NOT_IN_TABLE,
        createdAt: hold.placedAt,
        createdBy: hold.placedBy,
        releasedAt: hold.released?.at ?? null,
        releasedBy: hold.released?.by ?? null,
        releaseReason: hold.released === null ? null : (row?.releaseReason ?? null),
      };
    });
}

export function toHold(row: HoldRow): Hold {
  return { id: row.id, scope: row.scope, ref: row.ref, reason: row.reason, until: row.until };
}

/** An approval as its `approve` entry records it: who, and when. */
export interface LoggedApproval {
  approvedBy: string;
  approvedAt: string;
}

/**
 * The `approve` entries, as plan → approver → the first approval's time: an approval counts
 * only when its entry is here, and its time is the entry's, whatever the table says.
 */
export function approvalsInLog(entries: Iterable<LoggedEntry>): Map<string, Map<string, LoggedApproval>> {
  const byPlan = new Map<string, Map<string, LoggedApproval>>();
  for (const entry of entries) {
    const plan = entry.detail?.plan;
    if (typeof plan !== 'string') continue;
    const approvers = byPlan.get(plan) ?? new Map<string, LoggedApproval>();
    if (!approvers.has(entry.actor)) approvers.set(entry.actor, { approvedBy: entry.actor, approvedAt: entry.at });
    byPlan.set(plan, approvers);
  }
  return byPlan;
}

/**
 * The approvals of one plan as the log records them, oldest first, each with the note the
 * table keeps for it (free text stays out of the log); a table row without its entry is left out.
 */
export function approvalsAsLogged(
  plan: string,
  logged: ReadonlyMap<string, ReadonlyMap<string, LoggedApproval>>,
  table: readonly PlanApproval[],
): PlanApproval[] {
  const notes = new Map(table.filter((row) => row.planSha256 === plan).map((row) => [row.approvedBy, row.note]));
  return [...(logged.get(plan)?.values() ?? [])].map((approval) => ({
    planSha256: plan,
    ...approval,
    note: notes.get(approval.approvedBy) ?? null,
  }));
}

/** Whether the log has this approval's `approve` entry (same plan, same approver). */
export function isLogged(approval: PlanApproval, logged: ReadonlyMap<string, ReadonlyMap<string, LoggedApproval>>): boolean {
  return logged.get(approval.planSha256)?.has(approval.approvedBy) ?? false;
}

export interface TablesAndLog {
  holdEntries: readonly LoggedEntry[];
  holdRows: readonly HoldRow[];
  approveEntries: readonly LoggedEntry[];
  approvalRows: readonly PlanApproval[];
}

/**
 * Every difference between the holds and approvals tables and the log, one per hold or approval,
 * saying which one the tool acts on (the log's).
 */
export function compareWithLog(data: TablesAndLog): LogMismatch[] {
  return [...compareHolds(data), ...compareApprovals(data)];
}

function compareHolds({ holdEntries, holdRows }: TablesAndLog): LogMismatch[] {
  const found: LogMismatch[] = [];
  const logged = holdsInLog(holdEntries, (entry) =>
    found.push({
      code: 'store.hold-entry-unreadable',
      about: `entry ${entry.seq}`,
      message: `${entry.action} entry ${entry.seq} does not say which hold, on what: it was changed outside retention`,
    }),
  );
  const rows = new Map(holdRows.map((row) => [row.id, row]));
  const seen = new Set<string>();
  for (const hold of logged) {
    if (seen.has(hold.id)) {
      found.push({
        code: 'store.hold-differs',
        about: hold.id,
        message: `hold ${hold.id} is placed by more than one entry of the log (entry ${hold.seq} again); each is acted on`,
      });
      continue;
    }
    seen.add(hold.id);
    const row = rows.get(hold.id);
    const what = `hold ${hold.id} (on ${hold.scope} ${hold.ref}, entry ${hold.seq})`;
    if (!row) {
      found.push({
        code: 'store.hold-missing',
        about: hold.id,
        message: `${what} is in the log but not in the holds table: it stands as the log placed it`,
      });
      continue;
    }
    const differs = (['scope', 'ref', 'until'] as const).filter((key) => row[key] !== hold[key]);
    if (differs.length > 0) {
      const says = (source: { scope: string; ref: string; until: string | null }) =>
        differs.map((key) => `${key} ${source[key] ?? 'none'}`).join(', ');
      found.push({
        code: 'store.hold-differs',
        about: hold.id,
        message: `${what}: the holds table says ${says(row)}, the log ${says(hold)}; the log's is acted on`,
      });
    }
    if (hold.released === null && row.releasedAt !== null) {
      found.push({
        code: 'store.hold-release-not-logged',
        about: hold.id,
        message: `${what} is released in the holds table but not in the log: it is still active`,
      });
    } else if (hold.released !== null && row.releasedAt === null) {
      found.push({
        code: 'store.hold-release-missing',
        about: hold.id,
        message: `${what} was released (entry ${hold.released.seq}) but the holds table shows it active`,
      });
    }
  }
  for (const row of holdRows) {
    if (!seen.has(row.id)) {
      found.push({
        code: 'store.hold-not-logged',
        about: row.id,
        message: `hold ${row.id} (on ${row.scope} ${row.ref}) is in the holds table but has no entry in the log: it is not acted on`,
      });
    }
  }
  return found;
}

function compareApprovals({ approveEntries, approvalRows }: TablesAndLog): LogMismatch[] {
  const found: LogMismatch[] = [];
  const logged = approvalsInLog(approveEntries);
  for (const row of approvalRows) {
    if (!isLogged(row, logged)) {
      found.push({
        code: 'store.approval-not-logged',
        about: row.planSha256,
        message: `the approval of plan ${row.planSha256} by ${row.approvedBy} (${row.approvedAt}) has no approve entry in the log: it is not acted on`,
      });
    }
  }
  const rows = new Set(approvalRows.map((row) => `${row.planSha256}\u0000${row.approvedBy}`));
  for (const entry of approveEntries) {
    const plan = entry.detail?.plan;
    if (typeof plan === 'string' && !rows.has(`${plan}\u0000${entry.actor}`)) {
      found.push({
        code: 'store.approval-missing',
        about: plan,
        message: `approve entry ${entry.seq} (plan ${plan} by ${entry.actor}) has no row in the approvals table`,
      });
    }
  }
  return found;
}
