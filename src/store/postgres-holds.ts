/** Legal holds in the PostgreSQL store; what a row holds and what its entries say is rows/holds.ts. */
import type { Hold } from '../engine/types.js';
import type { AuditContext } from './audit-context.js';
import type { HoldInput, HoldRow } from './holds.js';
import type { PgAuditLog } from './postgres-audit.js';
import type { PgSession, Sql } from './postgres-session.js';
import { holdDraft, releasableHold, toHold, toHoldRow, type HoldTableRow } from './rows/holds.js';

export class PgHolds {
  constructor(
    private readonly session: PgSession,
    private readonly audit: PgAuditLog,
    private readonly now: () => Date,
  ) {}

  /** Places a hold with the next id (`H-1`, `H-2`…) and its `hold` entry. */
  add(input: HoldInput, by: AuditContext): Promise<Hold> {
    return this.session.write(async (sql) => {
      const { rows } = await sql.query<{ num: number }>('SELECT COALESCE(max(num), 0) + 1 AS num FROM holds');
      const num = rows[0]?.num ?? 1;
      const hold: Hold = { id: `H-${num}`, scope: input.scope, ref: input.ref, reason: input.reason, until: input.until };
      await sql.query('INSERT INTO holds (id, num, scope, ref, reason, until, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        hold.id,
        num,
        hold.scope,
        hold.ref,
        hold.reason,
        hold.until,
        this.now().toISOString(),
        by.actor,
      ]);
      await this.audit.appendInTx(sql, [holdDraft('hold', hold, by, { until: hold.until })]);
      return hold;
    });
  }

  /** Releases an active hold; an unknown or already released id is a usage error. */
  release(id: string, reason: string, by: AuditContext): Promise<Hold> {
    return this.session.write(async (sql) => {
      const { rows } = await sql.query<HoldTableRow>('SELECT * FROM holds WHERE id = $1', [id]);
      const hold = toHold(releasableHold(id, rows[0]));
      await sql.query('UPDATE holds SET released_at = $2, released_by = $3, release_reason = $4 WHERE id = $1', [id, this.now().toISOString(), by.actor, reason]);
      await this.audit.appendInTx(sql, [holdDraft('hold-release', hold, by, {})]);
      return hold;
    });
  }

  list(includeReleased: boolean): Promise<HoldRow[]> {
    const where = includeReleased ? '' : 'WHERE released_at IS NULL';
    return this.session.use(async (sql) => (await sql.query<HoldTableRow>(`SELECT * FROM holds ${where} ORDER BY num`)).rows.map(toHoldRow));
  }

  active(): Promise<Hold[]> {
    return this.session.use((sql) => this.activeIn(sql));
  }

  /** The holds not released, as the transaction `sql` sees them. */
  async activeIn(sql: Sql): Promise<Hold[]> {
    return (await sql.query<HoldTableRow>('SELECT * FROM holds WHERE released_at IS NULL ORDER BY num')).rows.map(toHold);
  }
}
