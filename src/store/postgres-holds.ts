/**
 * Legal holds in the PostgreSQL store. Which holds there are, on what and until when, is what
 * the log's `hold` and `hold-release` entries say (log-view.ts), as in the SQLite store: a row
 * deleted or changed behind the tool's back changes nothing. What a row holds and what its
 * entries say is rows/holds.ts.
 */
import type { Hold } from '../engine/types.js';
import type { AuditContext } from './audit-context.js';
import type { HoldInput, HoldRow } from './holds.js';
import {
  HOLD_ENTRIES_SQL,
  holdNumber,
  holdRowsAsLogged,
  holdsInLog,
  lastHoldNumber,
  loggedEntry,
  openHoldInLog,
  REASON_NOT_IN_TABLE,
  toHold,
  type LoggedEntry,
  type LoggedEntryRow,
} from './log-view.js';
import type { PgAuditLog } from './postgres-audit.js';
import type pg from 'pg';
import type { PgSession, Sql } from './postgres-session.js';
import { holdDraft, toHoldRow, type HoldTableRow } from './rows/holds.js';

const INSERT = 'INSERT INTO holds (id, num, scope, ref, reason, until, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';

export class PgHolds {
  constructor(
    private readonly session: PgSession,
    private readonly audit: PgAuditLog,
    private readonly now: () => Date,
  ) {}

  /** Places a hold with the next id (`H-1`, `H-2`…: after every one the log or the table has given out) and its `hold` entry. */
  add(input: HoldInput, by: AuditContext): Promise<Hold> {
    return this.session.write(async (sql) => {
      const { rows } = await sql.query<{ num: number }>('SELECT COALESCE(max(num), 0) AS num FROM holds');
      const num = lastHoldNumber(holdsInLog(await entriesIn(sql)), Number(rows[0]?.num ?? 0)) + 1;
      const hold: Hold = { id: `H-${num}`, scope: input.scope, ref: input.ref, reason: input.reason, until: input.until };
      await sql.query(INSERT, [hold.id, num, hold.scope, hold.ref, hold.reason, hold.until, this.now().toISOString(), by.actor]);
      await this.audit.appendInTx(sql, [holdDraft('hold', hold, by, { until: hold.until })]);
      return hold;
    });
  }

  /**
   * Releases a hold the log shows active; an id the log never placed is `hold.not-found`, one it
   * released `hold.already-released`. A hold whose row the table lost gets its row back, released.
   */
  release(id: string, reason: string, by: AuditContext): Promise<Hold> {
    return this.session.write(async (sql) => {
      const open = openHoldInLog(id, holdsInLog(await entriesIn(sql)));
      const row = (await sql.query<HoldTableRow>('SELECT * FROM holds WHERE id = $1', [id])).rows[0];
      if (!row)
        await sql.query(INSERT, [id, holdNumber(id), open.scope, open.ref, REASON_NOT_IN_TABLE, open.until, open.placedAt, open.placedBy]);
      await sql.query('UPDATE holds SET released_at = $2, released_by = $3, release_reason = $4 WHERE id = $1', [
        id,
        this.now().toISOString(),
        by.actor,
        reason,
      ]);
      const hold: Hold = { id, scope: open.scope, ref: open.ref, reason: row?.reason ?? REASON_NOT_IN_TABLE, until: open.until };
      await this.audit.appendInTx(sql, [holdDraft('hold-release', hold, by, {})]);
      return hold;
    });
  }

  /** The holds as the log says, with the table's reasons (released ones too when asked). */
  list(includeReleased: boolean): Promise<HoldRow[]> {
    return this.session.use((sql) => listIn(sql, includeReleased));
  }

  active(): Promise<Hold[]> {
    return this.session.use((sql) => this.activeIn(sql));
  }

  /** The holds the log shows active, as the transaction `sql` sees them. */
  async activeIn(sql: Sql): Promise<Hold[]> {
    return (await listIn(sql, false)).map(toHold);
  }

  /** The table's rows as they are, and the log's entries, for `audit verify`'s check. */
  tableAndLog(): Promise<{ rows: HoldRow[]; entries: LoggedEntry[] }> {
    return this.session.use(async (sql) => ({ rows: await tableRowsIn(sql), entries: await entriesIn(sql) }));
  }
}

async function listIn(sql: Sql, includeReleased: boolean): Promise<HoldRow[]> {
  return holdRowsAsLogged(holdsInLog(await entriesIn(sql)), await tableRowsIn(sql), includeReleased);
}

const TABLE_ROWS_SQL = 'SELECT * FROM holds ORDER BY num';

/** What activeHoldsFrom reads: the log's hold entries and the table's rows, statements without parameters. */
export const ACTIVE_HOLDS_READS = [HOLD_ENTRIES_SQL, TABLE_ROWS_SQL] as const;

/** The holds the log shows active (as activeIn finds them), from the results of ACTIVE_HOLDS_READS run in a transaction's first round trip. */
export function activeHoldsFrom([entries, table]: readonly pg.QueryResult[]): Hold[] {
  if (!entries || !table) throw new Error('the results of ACTIVE_HOLDS_READS are missing (this is a bug)');
  return holdRowsAsLogged(holdsInLog(entries.rows.map(loggedEntry)), table.rows.map(toHoldRow), false).map(toHold);
}

async function tableRowsIn(sql: Sql): Promise<HoldRow[]> {
  return (await sql.query<HoldTableRow>(TABLE_ROWS_SQL)).rows.map(toHoldRow);
}

async function entriesIn(sql: Sql): Promise<LoggedEntry[]> {
  return (await sql.query<LoggedEntryRow>(HOLD_ENTRIES_SQL)).rows.map(loggedEntry);
}
