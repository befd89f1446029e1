/**
 * Records and the facts the planner reads, in the PostgreSQL store; what a row holds is
 * rows/records.ts, shared with the SQLite store. Set-based (DESIGN §10): an import is one COPY
 * into a temporary table and one upsert; a batch of a run is read with `= ANY($1)`; the plan
 * reads pages by key. No round trip per record.
 */
import { basename } from 'node:path';
import type pg from 'pg';
import { hashLocation, type AuditDetail, type AuditDraft } from '../audit-entry.js';
import type { Hold, HoldScope, InventoryRecord, RecordFacts, Tombstone } from '../engine/types.js';
import { auditColumns, type AuditContext } from './audit-context.js';
import type {
  FoundBack,
  ForgottenRecord,
  ImportCounts,
  ImportOptions,
  ImportSource,
  ListedAfterDeletion,
  NoLongerListed,
  TombstoneLocation,
} from './inventory.js';
import { RetentionError } from '../errors.js';
import { forgetRefusal } from './forget-refusal.js';
import type { PgAuditLog } from './postgres-audit.js';
import { copyRowsIn, copyText } from './postgres-copy-in.js';
import type { PgEvents } from './postgres-events.js';
import { lockWrites, prepared, SERVER_NOW, type PgSession, type Sql } from './postgres-session.js';
import { droppedDates, historyIn, type DroppedDate, type EventHistories } from './rows/events.js';
import {
  CONTENT_COLUMNS,
  DECIDED,
  DELETED,
  isDeleted,
  LIVE,
  RECORD_COLUMNS,
  recordContent,
  rowToFacts,
  SCOPE_COLUMN,
  tombstoneOf,
  type RecordTuple,
} from './rows/records.js';

/**
 * Sorts every record of the import into one count (the same four as the SQLite store) and
 * writes it, in one statement over the copied rows: new records inserted, changed ones
 * updated, deleted ones the file still lists noted (they stay deleted), the rest unchanged.
 * The records written carry the server's time under the write lock (SERVER_NOW), not the time
 * the file began to be read ($1): a run that started meanwhile must find them among its arrivals.
 */
const UPSERT = `
WITH incoming_rows AS (
  SELECT i.*, CASE
    WHEN r.id IS NULL THEN 'inserted'
    WHEN r.forgotten_at IS NOT NULL THEN 'listedAfterForget'
    WHEN r.deleted_at IS NOT NULL AND r.reappeared_at IS NULL THEN 'listedAfterDeletion'
    WHEN r.subject IS NOT DISTINCT FROM i.subject AND r.category = i.category AND r.created IS NOT DISTINCT FROM i.created
      AND r.location IS NOT DISTINCT FROM i.location AND r.events = i.events AND r.flags = i.flags THEN 'unchanged'
    ELSE 'updated' END AS fate
  FROM incoming i LEFT JOIN records r ON r.id = i.id
),
inserted AS (
  INSERT INTO records (id, subject, category, created, location, events, flags, imported_at)
  SELECT id, subject, category, created, location, events, flags, (SELECT ${SERVER_NOW}) FROM incoming_rows WHERE fate = 'inserted'
),
updated AS (
  UPDATE records r SET subject = c.subject, category = c.category, created = c.created, location = c.location,
    events = c.events, flags = c.flags, imported_at = (SELECT ${SERVER_NOW}), unlisted_at = NULL
  FROM incoming_rows c WHERE c.fate = 'updated' AND r.id = c.id
),
listed AS (
  UPDATE records r SET listed_again_at = $1 FROM incoming_rows c WHERE c.fate = 'listedAfterDeletion' AND r.id = c.id
)
SELECT fate, count(*) AS n FROM incoming_rows GROUP BY fate`;

const PAGE = `SELECT ${RECORD_COLUMNS} FROM records WHERE id > $1 AND ${DECIDED} ORDER BY id LIMIT $2`;

/**
 * Reconciliation after an import's upsert (as the SQLite store does): a live record of the
 * import's scope that the file does not list is marked no longer listed; one listed again is
 * unmarked. $1: the import's time; $2: the scope's location prefix (`target:`), or null for all.
 */
const IN_SCOPE = '($2::text IS NULL OR substr(location, 1, length($2::text)) = $2::text)';
const UNMARK_LISTED = 'UPDATE records SET unlisted_at = NULL WHERE unlisted_at IS NOT NULL AND id IN (SELECT id FROM incoming)';
const MARK_UNLISTED = `UPDATE records r SET unlisted_at = $1 WHERE ${LIVE} AND unlisted_at IS NULL AND ${IN_SCOPE}
  AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.id = r.id)`;
const COUNT_UNLISTED = `SELECT count(*) AS n FROM records WHERE ${LIVE} AND unlisted_at IS NOT NULL AND ${IN_SCOPE} AND $1::text IS NOT NULL`;

/** Live records (not deleted, not forgotten: the upsert leaves those as they are) whose listing in `incoming` drops or changes event dates the store had. */
const CHANGED_EVENTS = `
SELECT i.id, i.subject, i.category, r.events AS stored, i.events AS listed
FROM incoming i JOIN records r ON r.id = i.id
WHERE r.events <> '{}' AND r.events <> i.events AND ${LIVE}`;

/** The event dates the incoming listing no longer has for records the store holds (to keep in the history). */
async function droppedByImport(sql: Sql): Promise<DroppedDate[]> {
  const { rows } = await sql.query<{ id: string; subject: string | null; category: string; stored: string; listed: string }>(
    CHANGED_EVENTS,
  );
  return rows.flatMap((row) =>
    droppedDates(JSON.parse(row.stored) as Record<string, unknown>, {
      id: row.id,
      subject: row.subject,
      category: row.category,
      events: JSON.parse(row.listed) as Record<string, string>,
    }),
  );
}

export class PgInventory {
  constructor(
    private readonly session: PgSession,
    private readonly audit: PgAuditLog,
    private readonly events: PgEvents,
    private readonly now: () => Date,
  ) {}

  /**
   * Every batch is copied into a temporary table as it is read, then one upsert and the
   * `import` entry, all in ONE transaction: an inventory that fails half-way changes nothing.
   * The store's write lock is taken only for the upsert, not while the file is read. The first
   * import into a store without records (a new store: nobody else writes to it yet) copies
   * straight into the records table under the write lock: every record is new, and the file is
   * parsed while the server stores it.
   */
  importRecords(source: ImportSource, by: AuditContext, options: ImportOptions): Promise<ImportCounts> {
    const batches = isBatch(source) ? [source] : source;
    const now = this.now().toISOString();
    return this.session.transaction(async (sql) => {
      const counts: ImportCounts = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        listedAfterDeletion: 0,
        eventDatesKept: 0,
        listedAfterForget: 0,
        noLongerListed: 0,
      };
      let kept: AuditDraft[] = [];
      let records: number;
      if (await this.isNewStore(sql)) {
        records = await copyRowsIn(sql, 'records', [...CONTENT_COLUMNS, 'imported_at'], batches, recordLine(now));
        counts.inserted = records;
      } else {
        await sql.query(
          'CREATE TEMPORARY TABLE incoming (id text COLLATE "C", subject text, category text, created text, location text, events text, flags text) ON COMMIT DROP',
        );
        records = await copyRowsIn(sql, 'incoming', CONTENT_COLUMNS, batches, recordLine());
        await lockWrites(sql);
        await sql.query('UPDATE records SET listed_again_at = NULL WHERE listed_again_at IS NOT NULL');
        kept = await this.events.keepDroppedInTx(sql, await droppedByImport(sql), by, now);
        counts.eventDatesKept = kept.length;
        const { rows } = await sql.query<{ fate: keyof ImportCounts; n: number }>(UPSERT, [now]);
        for (const { fate, n } of rows) counts[fate] = n;
        const scope = [now, options.scope === undefined ? null : `${options.scope.target}:`];
        await sql.query(UNMARK_LISTED);
        await sql.query(MARK_UNLISTED, scope);
        counts.noLongerListed = (await sql.query<{ n: number }>(COUNT_UNLISTED, scope)).rows[0]?.n ?? 0;
      }
      const detail: AuditDetail = { records, ...counts };
      if (options.file !== undefined) detail.fileNameSha256 = hashLocation(basename(options.file));
      await this.audit.appendInTx(sql, [...kept, { ...auditColumns(by), action: 'import', detail }]);
      return counts;
    });
  }

  /** Whether the store has no records at all; when so, the write lock is taken and it stays so. */
  private async isNewStore(sql: Sql): Promise<boolean> {
    if (!(await hasNoRecords(sql))) return false;
    await lockWrites(sql);
    return hasNoRecords(sql);
  }

  /**
   * Every live or reappeared record in id order, a page per query (read by key, so the caller
   * may use the store between batches); recorded events are loaded once. The next page is asked
   * for before this one is handed over, so the server reads it while the caller works. A
   * subject's event history is shared by its records and frozen: read it, never change it.
   */
  async *streamFacts(batchSize = 1000): AsyncIterable<RecordFacts[]> {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error(`bad batch size ${batchSize} (this is a bug)`);
    const { byRecord, bySubject } = await this.events.loadHistories();
    const page = (after: string) => this.session.use((sql) => tuples(sql, prepared(PAGE, [after, batchSize])));
    let next = page('');
    try {
      for (;;) {
        const rows = await next;
        const last = rows.at(-1);
        const more = last !== undefined && rows.length === batchSize;
        if (more) next = page(last[0]);
        if (rows.length > 0) yield rows.map((row) => rowToFacts(row, historyIn(byRecord, row[0]), historyIn(bySubject, row[1])));
        if (!more) return;
      }
    } finally {
      // A caller that stops early leaves a page asked for: its failure is nobody's business.
      next.catch(() => undefined);
    }
  }

  liveRecordCount(): Promise<number> {
    return this.session.use(
      async (sql) => (await sql.query<{ n: number }>(`SELECT count(*) AS n FROM records WHERE ${LIVE}`)).rows[0]?.n ?? 0,
    );
  }

  getFacts(id: string): Promise<RecordFacts | null> {
    return this.session.use(async (sql) => (await this.factsIn(sql, [id], LIVE))[0] ?? null);
  }

  getTombstone(id: string): Promise<Tombstone | null> {
    return this.session.use(async (sql) => {
      const [row] = await tuples(sql, { text: `SELECT ${RECORD_COLUMNS} FROM records WHERE id = $1`, values: [id] });
      return row ? tombstoneOf(row) : null;
    });
  }

  /** Deleted records that have not come back, in id order, page by page. */
  async *tombstones(batchSize: number): AsyncIterable<TombstoneLocation[]> {
    let after = '';
    for (;;) {
      const { rows } = await this.session.use((sql) =>
        sql.query<TombstoneLocation>(
          `SELECT id, location, deleted_fingerprint AS fingerprint FROM records WHERE ${DELETED} AND id > $1 ORDER BY id LIMIT $2`,
          [after, batchSize],
        ),
      );
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      after = last.id;
    }
  }

  /** Deleted records (not come back) as they were when deleted, with their tombstones, in the order asked. */
  deletedFacts(ids: readonly string[]): Promise<RecordFacts[]> {
    return this.session.use((sql) => this.factsIn(sql, ids, DELETED));
  }

  listedAfterDeletion(): Promise<ListedAfterDeletion[]> {
    return this.session.use(
      async (sql) =>
        (
          await sql.query<ListedAfterDeletion>(
            `SELECT id, deleted_at AS "deletedAt", listed_again_at AS "listedAt" FROM records WHERE listed_again_at IS NOT NULL AND ${DELETED} ORDER BY id`,
          )
        ).rows,
    );
  }

  noLongerListed(): Promise<NoLongerListed[]> {
    return this.session.use(
      async (sql) =>
        (
          await sql.query<NoLongerListed>(
            `SELECT id, subject, category, unlisted_at AS since FROM records WHERE unlisted_at IS NOT NULL AND ${LIVE} ORDER BY id`,
          )
        ).rows,
    );
  }

  /** Closes a live record gone without a deletion that the latest import no longer lists, as the SQLite store does: one `forget` entry. */
  forget(id: string, reason: string, by: AuditContext, activeHolds: (sql: Sql) => Promise<readonly Hold[]>): Promise<ForgottenRecord> {
    return this.session.write(async (sql): Promise<ForgottenRecord> => {
      const [row] = await tuples(sql, { text: `SELECT ${RECORD_COLUMNS} FROM records WHERE id = $1 FOR UPDATE`, values: [id] });
      if (!row) throw new RetentionError('record.not-found', `no record "${id}" in the store`);
      if (row[12] !== null) throw new RetentionError('record.already-forgotten', `record ${id} was already forgotten on ${row[12]}`);
      if (isDeleted(row))
        throw new RetentionError(
          'record.already-destroyed',
          `record ${id} was deleted on ${row[7]} (run ${row[8] ?? 'unknown'}): there is nothing to forget`,
        );
      const intent = (await sql.query<{ seq: number }>('SELECT intent_seq AS seq FROM intents WHERE record = $1', [id])).rows[0];
      const now = this.now().toISOString();
      const refused = forgetRefusal(row, intent?.seq ?? null, await activeHolds(sql), now.slice(0, 10));
      if (refused) throw refused;
      await sql.query('UPDATE records SET forgotten_at = $2, forgotten_by = $3, forget_reason = $4, unlisted_at = NULL WHERE id = $1', [
        id,
        now,
        by.actor,
        reason,
      ]);
      await this.audit.appendInTx(sql, [
        { ...auditColumns(by), action: 'forget', record: id, subject: row[1], category: row[2], detail: { noLongerListedSince: row[13] } },
      ]);
      return { id, subject: row[1], category: row[2], noLongerListedSince: row[13] };
    });
  }

  /** Deleted records found again in their target: live again, one `reappeared` entry each, in one transaction. */
  async markReappeared(items: readonly FoundBack[], by: AuditContext): Promise<void> {
    await this.session.write(async (sql) => {
      const { rows } = await sql.query<{ id: string; subject: string | null; category: string }>(
        `UPDATE records SET reappeared_at = $2 WHERE id = ANY($1::text[]) AND ${DELETED} RETURNING id, subject, category`,
        [items.map((item) => item.id), this.now().toISOString()],
      );
      const marked = new Map(rows.map((row) => [row.id, row]));
      const drafts: AuditDraft[] = [];
      for (const item of items) {
        const row = marked.get(item.id);
        if (!row) continue;
        marked.delete(item.id);
        drafts.push({
          ...auditColumns(by),
          action: 'reappeared',
          record: item.id,
          subject: row.subject,
          category: row.category,
          detail: { target: item.target },
        });
      }
      await this.audit.appendInTx(sql, drafts);
    });
  }

  countInScope(scope: HoldScope, ref: string): Promise<number> {
    return this.session.use(
      async (sql) =>
        (await sql.query<{ n: number }>(`SELECT count(*) AS n FROM records WHERE ${SCOPE_COLUMN[scope]} = $1 AND ${LIVE}`, [ref])).rows[0]
          ?.n ?? 0,
    );
  }

  /**
   * The facts of the records `ids` that meet `condition` (LIVE or DELETED), with their recorded
   * events, in the order of `ids`, as the transaction `sql` sees them: three queries whatever
   * the number of records. A deleted record carries its tombstone.
   */
  async factsIn(sql: Sql, ids: readonly string[], condition: typeof LIVE | typeof DECIDED | typeof DELETED): Promise<RecordFacts[]> {
    if (ids.length === 0) return [];
    const rows = await tuples(sql, prepared(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ANY($1::text[]) AND ${condition}`, [ids]));
    const histories: EventHistories = await this.events.historiesOf(
      sql,
      rows.map((row) => row[0]),
      [...new Set(rows.flatMap((row) => (row[1] === null ? [] : [row[1]])))],
    );
    const byId = new Map(rows.map((row) => [row[0], row]));
    const deleted = condition === DELETED;
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const facts = rowToFacts(row, historyIn(histories.byRecord, row[0]), historyIn(histories.bySubject, row[1]));
      return [deleted ? { ...facts, tombstone: tombstoneOf(row) } : facts];
    });
  }
}

/** Rows as tuples in RECORD_COLUMNS order (rowMode array: no object per row). */
async function tuples(sql: Sql, query: pg.QueryConfig): Promise<RecordTuple[]> {
  const result = await sql.query<RecordTuple>({ ...query, rowMode: 'array' });
  return result.rows;
}

/**
 * A record's COPY line: its columns in CONTENT_COLUMNS order, then the import's time when given
 * (the records table's imported_at). The same text as copyLine([...recordContent(record),
 * importedAt]) (a property test holds them equal), written without the arrays between (three
 * per record, and one per batch): a million-row import takes about a tenth less CPU time.
 */
export function recordLine(importedAt?: string): (record: InventoryRecord) => string {
  const end = importedAt === undefined ? '\n' : `\t${copyText(importedAt)}\n`;
  return (record) => {
    const [id, subject, category, created, location, events, flags] = recordContent(record);
    return `${copyText(id)}\t${copyText(subject)}\t${copyText(category)}\t${copyText(created)}\t${copyText(location)}\t${copyText(events)}\t${copyText(flags)}${end}`;
  };
}

async function hasNoRecords(sql: Sql): Promise<boolean> {
  const { rows } = await sql.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM records) AS empty');
  return rows[0]?.empty ?? false;
}

function isBatch(source: ImportSource): source is readonly InventoryRecord[] {
  return Array.isArray(source);
}
