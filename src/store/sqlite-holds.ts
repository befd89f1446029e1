/**
 * Legal holds in the SQLite store. Which holds there are, on what and until when, is what the
 * log's `hold` and `hold-release` entries say (log-view.ts): a row deleted or changed behind the
 * tool's back changes nothing. A hold's reason (and its release reason) is free text a person
 * typed and may name people, so it stays in the holds table and never enters the log.
 */
import type Database from 'better-sqlite3';
import type { AuditDraft } from '../audit-entry.js';
import type { Hold } from '../engine/types.js';
import { RetentionError } from '../errors.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import { auditColumns, type AuditContext } from './audit-context.js';
import type { HoldInput, HoldRow } from './holds.js';
import { holdRowsAsLogged, holdsInLog, lastHoldNumber, REASON_NOT_IN_TABLE, toHold, type LoggedEntry, type LoggedHold } from './log-view.js';
import { readLoggedEntries, type LoggedEntryRow } from './sqlite-logged-entries.js';

interface HoldTableRow {
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

export class SqliteHolds {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
  ) {
    this.statements = {
      lastNumber: db.prepare<[], number>('SELECT COALESCE(MAX(num), 0) FROM holds').pluck(),
      insert: db.prepare(
        `INSERT INTO holds (id, num, scope, ref, reason, until, created_at, created_by)
         VALUES (@id, @num, @scope, @ref, @reason, @until, @createdAt, @createdBy)`,
      ),
      select: db.prepare<[string], HoldTableRow>('SELECT * FROM holds WHERE id = ?'),
      release: db.prepare(
        'UPDATE holds SET released_at = @at, released_by = @by, release_reason = @reason WHERE id = @id',
      ),
      all: db.prepare<[], HoldTableRow>('SELECT * FROM holds ORDER BY num'),
      // The literal IN list is the partial index audit_holds' own condition: SQLite then reads the index.
      entries: db.prepare<[], LoggedEntryRow>("SELECT seq, at, actor, action, detail FROM audit WHERE action IN ('hold', 'hold-release') ORDER BY seq"),
    };
  }

  /** Places a hold with the next id (`H-1`, `H-2`…: after every one the log or the table has given out) and its `hold` entry. */
  add(input: HoldInput, by: AuditContext): Hold {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const num = lastHoldNumber(this.logged(), s.lastNumber.get() ?? 0) + 1;
        const hold: Hold = { id: `H-${num}`, scope: input.scope, ref: input.ref, reason: input.reason, until: input.until };
        s.insert.run({ ...hold, num, createdAt: this.now().toISOString(), createdBy: by.actor });
        this.audit.appendInTx([holdDraft('hold', hold, by, { until: hold.until })]);
        return hold;
      })
      .immediate();
  }

  /**
   * Releases a hold the log shows active; an id the log never placed is `hold.not-found`, one it
   * released `hold.already-released`. A hold whose row the table lost gets its row back, released.
   */
  release(id: string, reason: string, by: AuditContext): Hold {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const placed = this.logged().filter((h) => h.id === id);
        const open = placed.find((h) => h.released === null);
        if (!open) {
          const released = placed.at(-1)?.released;
          if (released) throw new RetentionError('hold.already-released', `hold ${id} was already released on ${released.at} by ${released.by}`);
          throw new RetentionError('hold.not-found', `no hold "${id}"; see \`retention hold list\``);
        }
        const at = this.now().toISOString();
        const row = s.select.get(id);
        if (!row) s.insert.run({ id, num: holdNumber(id), scope: open.scope, ref: open.ref, reason: REASON_NOT_IN_TABLE, until: open.until, createdAt: open.placedAt, createdBy: open.placedBy });
        s.release.run({ id, at, by: by.actor, reason });
        const hold: Hold = { id, scope: open.scope, ref: open.ref, reason: row?.reason ?? REASON_NOT_IN_TABLE, until: open.until };
        this.audit.appendInTx([holdDraft('hold-release', hold, by, {})]);
        return hold;
      })
      .immediate();
  }

  /** The holds as the log says, with the table's reasons (released ones too when asked). */
  list(includeReleased: boolean): HoldRow[] {
    return holdRowsAsLogged(this.logged(), this.tableRows(), includeReleased);
  }

  /** The holds the log shows active. */
  active(): Hold[] {
    return this.list(false).map(toHold);
  }

  /** The table's rows as they are, for `audit verify`'s check against the log. */
  tableRows(): HoldRow[] {
    return this.statements.all.all().map(toHoldRow);
  }

  /** The log's `hold` and `hold-release` entries, for `audit verify`'s check. */
  entries(): LoggedEntry[] {
    return readLoggedEntries(this.statements.entries);
  }

  private logged(): LoggedHold[] {
    return holdsInLog(this.entries());
  }
}

/** `H-12` → 12 (0 for an id the tool did not give out). */
function holdNumber(id: string): number {
  return Number(/^H-(\d+)$/.exec(id)?.[1] ?? 0);
}

/** The entry names the held record, subject or category in its own column, so filters find it. */
function holdDraft(action: 'hold' | 'hold-release', hold: Hold, by: AuditContext, extra: { until?: string | null }): AuditDraft {
  return {
    ...auditColumns(by),
    action,
    record: hold.scope === 'record' ? hold.ref : null,
    subject: hold.scope === 'subject' ? hold.ref : null,
    category: hold.scope === 'category' ? hold.ref : null,
    detail: { hold: hold.id, scope: hold.scope, ref: hold.ref, ...extra },
  };
}

function toHoldRow(row: HoldTableRow): HoldRow {
  return {
    id: row.id,
    scope: row.scope,
    ref: row.ref,
    reason: row.reason,
    until: row.until,
    createdAt: row.created_at,
    createdBy: row.created_by,
    releasedAt: row.released_at,
    releasedBy: row.released_by,
    releaseReason: row.release_reason,
  };
}
