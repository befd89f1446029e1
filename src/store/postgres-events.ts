/**
 * Events recorded with `event add` in the PostgreSQL store (DESIGN §2); what a row holds and
 * what its entries say is rows/events.ts, shared with the SQLite store.
 */
import type { AuditDraft } from '../audit-entry.js';
import type { EventHistory } from '../engine/types.js';
import type { AuditContext } from './audit-context.js';
import type { EventFilter, EventInput, RecordedEvent } from './events.js';
import type { PgAuditLog } from './postgres-audit.js';
import { prepared, type PgSession, type Sql } from './postgres-session.js';
import {
  eventAbout,
  eventDraft,
  historiesFrom,
  historyFrom,
  newEventRow,
  removableEvent,
  toRecordedEvent,
  type ActiveEvent,
  type DroppedDate,
  type EventHistories,
  type EventRow,
} from './rows/events.js';

export class PgEvents {
  constructor(
    private readonly session: PgSession,
    private readonly audit: PgAuditLog,
    private readonly now: () => Date,
  ) {}

  /** Adds a date to the history (`E-1`, `E-2`…) with its `event` entry; a record event needs the record. */
  add(input: EventInput, by: AuditContext): Promise<RecordedEvent> {
    return this.session.write(async (sql) => {
      const about = await this.about(sql, input);
      const { rows } = await sql.query<{ num: number }>('SELECT COALESCE(max(num), 0) + 1 AS num FROM events');
      const num = rows[0]?.num ?? 1;
      const row = newEventRow(`E-${num}`, input, by, this.now().toISOString());
      await insertEvent(sql, row, num);
      const event = toRecordedEvent(row);
      await this.audit.appendInTx(sql, [eventDraft('event', event, by, about)]);
      return event;
    });
  }

  /**
   * Keeps the dates an import no longer lists in the history (source `import`, added by the
   * import's actor), each unless the history already has it; returns their `event` entries for
   * the import to append. MUST run inside the import's transaction, under the write lock.
   */
  async keepDroppedInTx(sql: Sql, dropped: readonly DroppedDate[], by: AuditContext, at: string): Promise<AuditDraft[]> {
    if (dropped.length === 0) return [];
    let num = (await sql.query<{ num: number }>('SELECT COALESCE(max(num), 0) AS num FROM events')).rows[0]?.num ?? 0;
    const drafts: AuditDraft[] = [];
    for (const { record, event, date } of dropped) {
      const known = await sql.query(
        "SELECT 1 FROM events WHERE scope = 'record' AND ref = $1 AND event = $2 AND date = $3 AND removed_at IS NULL LIMIT 1",
        [record.id, event, date],
      );
      if (known.rows.length > 0) continue;
      num += 1;
      const row = newEventRow(`E-${num}`, { scope: 'record', ref: record.id, event, date }, by, at, 'import');
      await insertEvent(sql, row, num);
      drafts.push(eventDraft('event', toRecordedEvent(row), by, { subject: record.subject, category: record.category }));
    }
    return drafts;
  }

  /** Marks an event removed (it stays in the history) with its `event-remove` entry; the reason stays here. */
  remove(id: string, reason: string, by: AuditContext): Promise<RecordedEvent> {
    return this.session.write(async (sql) => {
      const { rows } = await sql.query<EventRow>('SELECT * FROM events WHERE id = $1', [id]);
      const row = removableEvent(id, rows[0]);
      const removed = { ...row, removed_at: this.now().toISOString(), removed_by: by.actor, remove_reason: reason };
      await sql.query('UPDATE events SET removed_at = $2, removed_by = $3, remove_reason = $4 WHERE id = $1', [
        id,
        removed.removed_at,
        by.actor,
        reason,
      ]);
      const event = toRecordedEvent(removed);
      await this.audit.appendInTx(sql, [eventDraft('event-remove', event, by, await this.about(sql, event))]);
      return event;
    });
  }

  /** Every recorded event, removed ones included, oldest first; for a record, its own and its subject's. */
  list(filter: EventFilter = {}): Promise<RecordedEvent[]> {
    return this.session.use(async (sql) => {
      let rows: EventRow[];
      if (filter.record !== undefined) {
        const subject =
          (await sql.query<{ subject: string | null }>('SELECT subject FROM records WHERE id = $1', [filter.record])).rows[0]?.subject ??
          null;
        rows = (
          await sql.query<EventRow>(
            "SELECT * FROM events WHERE (scope = 'record' AND ref = $1) OR (scope = 'subject' AND ref = $2) ORDER BY num",
            [filter.record, subject],
          )
        ).rows;
      } else if (filter.subject !== undefined) {
        rows = (await sql.query<EventRow>("SELECT * FROM events WHERE scope = 'subject' AND ref = $1 ORDER BY num", [filter.subject])).rows;
      } else {
        rows = (await sql.query<EventRow>('SELECT * FROM events ORDER BY num')).rows;
      }
      return rows.map(toRecordedEvent);
    });
  }

  /** The events that count (not removed) of every record and subject, read once for a whole plan. */
  loadHistories(): Promise<EventHistories> {
    return this.session.use(async (sql) =>
      historiesFrom(
        (await sql.query<ActiveEvent>('SELECT id, scope, ref, event, date FROM events WHERE removed_at IS NULL ORDER BY num')).rows,
      ),
    );
  }

  /** The histories of some records and of some subjects, in one query (a batch of a run). */
  async historiesOf(sql: Sql, records: readonly string[], subjects: readonly string[]): Promise<EventHistories> {
    const { rows } = await sql.query<ActiveEvent>(
      prepared(
        `SELECT id, scope, ref, event, date FROM events
         WHERE removed_at IS NULL AND ((scope = 'record' AND ref = ANY($1::text[])) OR (scope = 'subject' AND ref = ANY($2::text[])))
         ORDER BY num`,
        [records, subjects],
      ),
    );
    return historiesFrom(rows);
  }

  /** The events that count on one record or one subject. */
  async historyOf(sql: Sql, scope: RecordedEvent['scope'], ref: string): Promise<EventHistory> {
    const { rows } = await sql.query<Pick<EventRow, 'id' | 'event' | 'date'>>(
      'SELECT id, event, date FROM events WHERE scope = $1 AND ref = $2 AND removed_at IS NULL ORDER BY num',
      [scope, ref],
    );
    return historyFrom(rows);
  }

  private async about(sql: Sql, event: Pick<EventInput, 'scope' | 'ref'>): Promise<{ subject: string | null; category: string | null }> {
    if (event.scope === 'subject') return eventAbout(event, undefined);
    const { rows } = await sql.query<{ subject: string | null; category: string }>('SELECT subject, category FROM records WHERE id = $1', [
      event.ref,
    ]);
    return eventAbout(event, rows[0]);
  }
}

async function insertEvent(sql: Sql, row: EventRow, num: number): Promise<void> {
  await sql.query(
    'INSERT INTO events (id, num, source, scope, ref, event, date, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [row.id, num, row.source, row.scope, row.ref, row.event, row.date, row.added_by, row.added_at],
  );
}
