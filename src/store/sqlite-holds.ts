/**
 * Legal holds in the SQLite store. Which holds there are, on what and until when, is what the
 * log's `hold` and `hold-release` entries say (log-view.ts): a row deleted or changed behind the
 * tool's back changes nothing. A hold's reason (and its release reason) is free text a person
 * typed and may name people, so it stays in the holds table and never enters the log.
 */
import type Database from 'better-sqlite3';
import type { Hold } from '../engine/types.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { AuditContext } from './audit-context.js';
import type { HoldInput, HoldRow } from './holds.js';
import {
  holdNumber,
  holdRowsAsLogged,
  holdsInLog,
  lastHoldNumber,
  openHoldInLog,
  REASON_NOT_IN_TABLE,
  toHold,
  type LoggedEntry,
  type LoggedEntryRow,
  type LoggedHold,
  HOLD_ENTRIES_SQL,
} from './log-view.js';
import { readLoggedEntries } from './sqlite-logged-entries.js';
import { holdDraft, toHoldRow, type HoldTableRow } from './rows/holds.js';

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
      release: db.prepare('UPDATE holds SET released_at = @at, released_by = @by, release_reason = @reason WHERE id = @id'),
      all: db.prepare<[], HoldTableRow>('SELECT * FROM holds ORDER BY num'),
      entries: db.prepare<[], LoggedEntryRow>(HOLD_ENTRIES_SQL),
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
        const open = openHoldInLog(id, this.logged());
        const at = this.now().toISOString();
        const row = s.select.get(id);
        if (!row)
          s.insert.run({
            id,
            num: holdNumber(id),
            scope: open.scope,
            ref: open.ref,
            reason: REASON_NOT_IN_TABLE,
            until: open.until,
            createdAt: open.placedAt,
            createdBy: open.placedBy,
          });
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
