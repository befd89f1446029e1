/**
 * Legal holds in the SQLite store. A hold's reason (and its release reason) is free text a
 * person typed and may name people, so it stays in the holds table and never enters the log.
 */
import type Database from 'better-sqlite3';
import type { Hold } from '../engine/types.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { AuditContext } from './audit-context.js';
import type { HoldInput, HoldRow } from './holds.js';
import { holdDraft, releasableHold, toHold, toHoldRow, type HoldTableRow } from './rows/holds.js';

export class SqliteHolds {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
  ) {
    this.statements = {
      nextNumber: db.prepare<[], number>('SELECT COALESCE(MAX(num), 0) + 1 FROM holds').pluck(),
      insert: db.prepare(
        `INSERT INTO holds (id, num, scope, ref, reason, until, created_at, created_by)
         VALUES (@id, @num, @scope, @ref, @reason, @until, @createdAt, @createdBy)`,
      ),
      select: db.prepare<[string], HoldTableRow>('SELECT * FROM holds WHERE id = ?'),
      release: db.prepare(
        'UPDATE holds SET released_at = @at, released_by = @by, release_reason = @reason WHERE id = @id',
      ),
      all: db.prepare<[], HoldTableRow>('SELECT * FROM holds ORDER BY num'),
      active: db.prepare<[], HoldTableRow>('SELECT * FROM holds WHERE released_at IS NULL ORDER BY num'),
    };
  }

  /** Places a hold with the next id (`H-1`, `H-2`…) and its `hold` entry. */
  add(input: HoldInput, by: AuditContext): Hold {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const num = s.nextNumber.get() ?? 1;
        const hold: Hold = { id: `H-${num}`, scope: input.scope, ref: input.ref, reason: input.reason, until: input.until };
        s.insert.run({ ...hold, num, createdAt: this.now().toISOString(), createdBy: by.actor });
        this.audit.appendInTx([holdDraft('hold', hold, by, { until: hold.until })]);
        return hold;
      })
      .immediate();
  }

  /** Releases an active hold; an unknown or already released id is a usage error. */
  release(id: string, reason: string, by: AuditContext): Hold {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const row = releasableHold(id, s.select.get(id));
        s.release.run({ id, at: this.now().toISOString(), by: by.actor, reason });
        const hold = toHold(row);
        this.audit.appendInTx([holdDraft('hold-release', hold, by, {})]);
        return hold;
      })
      .immediate();
  }

  list(includeReleased: boolean): HoldRow[] {
    return (includeReleased ? this.statements.all : this.statements.active).all().map(toHoldRow);
  }

  active(): Hold[] {
    return this.statements.active.all().map(toHold);
  }
}
