/**
 * Records and the facts the planner reads from the SQLite store (with the recorded events of
 * sqlite-events.ts); what a row holds is rows/records.ts.
 */
import { jsonIdLists } from './json-id-lists.js';
import type Database from 'better-sqlite3';
import { basename } from 'node:path';
import { hashLocation, type AuditDetail, type AuditDraft } from '../audit-entry.js';
import type { Hold, HoldScope, InventoryRecord, RecordFacts, Tombstone } from '../engine/types.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { SqliteEvents } from './sqlite-events.js';
import { droppedDates, historyIn, NO_EVENT_HISTORY, type DroppedDate } from './rows/events.js';
import {
  contentRecord,
  DECIDED,
  DELETED,
  isDeleted,
  LIVE,
  RECORD_COLUMNS,
  recordContent,
  rowToFacts,
  sameContent,
  SCOPE_COLUMN,
  tombstoneOf,
  type RecordContent,
  type RecordTuple,
} from './rows/records.js';
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
import { storedEvents } from './stored-values.js';
import { RetentionError } from '../errors.js';
import { forgetRefusal } from './forget-refusal.js';
import { GROUP, IMPORT_PAGE_CACHE, INSERT_ONE_SQL, NewRecordGroups } from './sqlite-new-records.js';
import { fillNewStore } from './sqlite-new-store-fill.js';

export class SqliteInventory {
  private readonly statements;
  private readonly newRecords: NewRecordGroups;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly events: SqliteEvents,
    private readonly now: () => Date,
    /** The private file of a store being made (sqlite-create.ts), whose first import may fill it from a worker; null for a store in use. */
    private readonly newStoreFile: string | null = null,
  ) {
    const countInScope = (scope: HoldScope) =>
      db.prepare<[string], number>(`SELECT count(*) FROM records WHERE ${SCOPE_COLUMN[scope]} = ? AND ${LIVE}`).pluck();
    this.newRecords = new NewRecordGroups(db);
    this.statements = {
      select: db.prepare<[string], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ?`).raw(),
      anyRecord: db.prepare<[], number>('SELECT 1 FROM records LIMIT 1').pluck(),
      // Positional parameters, bound from a RecordContent tuple then the import's time.
      insert: db.prepare<[RecordContent, string]>(INSERT_ONE_SQL),
      // The content but its id, the import's time, then the id; listed again, so no longer "no longer listed".
      update: db.prepare<[(string | null)[], string, string]>(
        `UPDATE records SET subject = ?, category = ?, created = ?, location = ?, events = ?, flags = ?, imported_at = ?, unlisted_at = NULL WHERE id = ?`,
      ),
      // A deleted record stays deleted, as it was when deleted: a listing is not evidence that it exists.
      listedAgain: db.prepare<{ id: string; now: string }>('UPDATE records SET listed_again_at = @now WHERE id = @id'),
      // Each import says afresh which deleted records it still lists.
      forgetListedAgain: db.prepare('UPDATE records SET listed_again_at = NULL WHERE listed_again_at IS NOT NULL'),
      listedAfterDeletion: db.prepare<[], ListedAfterDeletion>(
        `SELECT id, deleted_at AS deletedAt, listed_again_at AS listedAt FROM records
         WHERE listed_again_at IS NOT NULL AND ${DELETED} ORDER BY id`,
      ),
      noLongerListed: db.prepare<[], NoLongerListed>(
        `SELECT id, subject, category, unlisted_at AS since FROM records WHERE unlisted_at IS NOT NULL AND ${LIVE} ORDER BY id`,
      ),
      forget: db.prepare<{ id: string; now: string; by: string; reason: string }>(
        'UPDATE records SET forgotten_at = @now, forgotten_by = @by, forget_reason = @reason, unlisted_at = NULL WHERE id = @id',
      ),
      openIntent: db.prepare<[string], number>('SELECT intent_seq FROM intents WHERE record = ?').pluck(),
      liveCount: db.prepare<[], number>(`SELECT count(*) FROM records WHERE ${LIVE}`).pluck(),
      tombstones: db.prepare<[string, number], TombstoneLocation>(
        'SELECT id, location, deleted_fingerprint AS fingerprint FROM records WHERE deleted_at IS NOT NULL AND reappeared_at IS NULL AND id > ? ORDER BY id LIMIT ?',
      ),
      markReappeared: db.prepare<{ id: string; now: string }>(
        'UPDATE records SET reappeared_at = @now WHERE id = @id AND deleted_at IS NOT NULL AND reappeared_at IS NULL',
      ),
      live: db.prepare<[string], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ? AND ${LIVE}`).raw(),
      decidedAmong: db
        .prepare<[string], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id IN (SELECT value FROM json_each(?)) AND ${DECIDED}`)
        .raw(),
      deleted: db.prepare<[string], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id = ? AND ${DELETED}`).raw(),
      countInScope: { record: countInScope('record'), subject: countInScope('subject'), category: countInScope('category') },
      firstPage: db.prepare<[number], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE ${DECIDED} ORDER BY id LIMIT ?`).raw(),
      nextPage: db
        .prepare<[string, number], RecordTuple>(`SELECT ${RECORD_COLUMNS} FROM records WHERE id > ? AND ${DECIDED} ORDER BY id LIMIT ?`)
        .raw(),
    };
  }

  /**
   * Upserts every batch and writes one `import` entry with the counts, all in ONE transaction:
   * an inventory that fails half-way (a bad date on row 900,000) changes nothing. The
   * transaction is opened by hand because it spans the awaits of a streamed file; nothing else
   * may use this connection meanwhile (the import command does nothing else).
   * Each record lands in exactly one count; a deleted record the file still lists is left
   * deleted and counted as listed after deletion (never due again because of a listing).
   */
  async importRecords(source: ImportSource, by: AuditContext, options: ImportOptions): Promise<ImportCounts> {
    const batches = isBatch(source) ? [source] : source;
    if (this.newStoreFile === null || this.db.inTransaction || this.statements.anyRecord.get() !== undefined)
      return this.importInTransaction(batches, by, options, null);
    // A new store's first import: the worker inserts the records, this transaction adds the
    // rest (see sqlite-new-store-fill.ts); ids listed twice go the one-at-a-time way here.
    const importedAt = this.now().toISOString();
    const fill = await fillNewStore(this.newStoreFile, batches, importedAt);
    return this.importInTransaction([fill.listedAgain.map(contentRecord)], by, options, { ...fill, importedAt });
  }

  /**
   * importRecords in one transaction: `batches`, then what follows from them. `filled`: a new
   * store's fill, whose records were read and (but for `batches`, its ids listed twice) inserted
   * before it with `importedAt`; null when `batches` are the import's records.
   */
  private async importInTransaction(
    batches: Iterable<readonly InventoryRecord[]> | AsyncIterable<readonly InventoryRecord[]>,
    by: AuditContext,
    options: ImportOptions,
    filled: { readonly records: number; readonly inserted: number; readonly importedAt: string } | null,
  ): Promise<ImportCounts> {
    const counts: ImportCounts = {
      inserted: filled?.inserted ?? 0,
      updated: 0,
      unchanged: 0,
      listedAfterDeletion: 0,
      eventDatesKept: 0,
      listedAfterForget: 0,
      noLongerListed: 0,
    };
    const dropped: DroppedDate[] = [];
    let records = filled?.records ?? 0;
    // A big page cache for the import only (the connection's own is kept for what follows).
    const cacheSize = this.db.pragma('cache_size', { simple: true });
    this.db.pragma(IMPORT_PAGE_CACHE);
    this.db.exec('BEGIN IMMEDIATE');
    // The records' time is taken now that the write lock is held, not when the import began: a
    // run that started meanwhile must find them among its arrivals (imported after its start).
    // A new store's fill has no run to race with.
    const now = filled?.importedAt ?? this.now().toISOString();
    try {
      this.statements.forgetListedAgain.run();
      const listing = new ImportListing(this.db);
      for await (const batch of batches) {
        this.upsert(batch, counts, dropped, now, listing);
        if (filled === null) records += batch.length;
      }
      const kept = this.events.keepDroppedInTx(dropped, by, now);
      counts.eventDatesKept = kept.length;
      counts.noLongerListed = listing.reconcile(now, options.scope?.target ?? null);
      const detail: AuditDetail = { records, ...counts };
      if (options.file !== undefined) detail.fileNameSha256 = hashLocation(basename(options.file));
      this.audit.appendInTx([...kept, { ...auditColumns(by), action: 'import', detail }]);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.db.pragma(`cache_size = ${Number(cacheSize)}`);
    }
    return counts;
  }

  /**
   * New and changed rows get `imported_at = now`; the ids of unchanged ones go to `listing`
   * (reconciliation); the event dates a changed row loses go to `dropped` (kept in the history).
   * Records go in GROUP at a time; a group with a record the store has goes one by one.
   */
  private upsert(
    records: readonly InventoryRecord[],
    counts: ImportCounts,
    dropped: DroppedDate[],
    now: string,
    listing: ImportListing,
  ): void {
    let i = 0;
    for (; i + GROUP <= records.length; i += GROUP) {
      if (this.newRecords.tryInsert(records, i, now)) counts.inserted += GROUP;
      else for (let j = i; j < i + GROUP; j++) this.upsertOne(records[j]!, counts, dropped, now, listing);
    }
    for (; i < records.length; i++) this.upsertOne(records[i]!, counts, dropped, now, listing);
  }

  private upsertOne(record: InventoryRecord, counts: ImportCounts, dropped: DroppedDate[], now: string, listing: ImportListing): void {
    const s = this.statements;
    const content = recordContent(record);
    // Try the insert first, look at the old row only on conflict.
    if (s.insert.run(content, now).changes === 1) {
      counts.inserted += 1;
      return;
    }
    const existing = s.select.get(record.id);
    if (existing && existing[12] !== null) {
      // Forgotten: closed for good by a person; a listing does not reopen it.
      counts.listedAfterForget += 1;
    } else if (existing && isDeleted(existing)) {
      s.listedAgain.run({ id: record.id, now });
      counts.listedAfterDeletion += 1;
    } else if (existing && sameContent(existing, content)) {
      counts.unchanged += 1;
      listing.add(record.id);
    } else {
      if (existing) dropped.push(...droppedDates(storedEvents(existing[5], existing[0]), record));
      s.update.run(content.slice(1), now, record.id);
      counts.updated += 1;
    }
  }

  /** Deleted records that have not come back, in id order, page by page. */
  async *tombstones(batchSize: number): AsyncIterable<TombstoneLocation[]> {
    let after = '';
    for (;;) {
      const rows = this.statements.tombstones.all(after, batchSize);
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  /**
   * Deleted records found again in their target (a restored backup): live again, so the plan
   * shows them due, "reappeared after deletion"; one `reappeared` entry each, in one transaction.
   */
  markReappeared(items: readonly FoundBack[], by: AuditContext): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        const now = this.now().toISOString();
        const drafts: AuditDraft[] = [];
        for (const item of items) {
          if (s.markReappeared.run({ id: item.id, now }).changes === 0) continue;
          const row = s.select.get(item.id);
          drafts.push({
            ...auditColumns(by),
            action: 'reappeared',
            record: item.id,
            subject: row?.[1] ?? null,
            category: row?.[2] ?? null,
            detail: { target: item.target },
          });
        }
        this.audit.appendInTx(drafts);
      })
      .immediate();
  }

  /** Live records their latest import no longer listed, by id. */
  noLongerListed(): NoLongerListed[] {
    return this.statements.noLongerListed.all();
  }

  /**
   * Closes a live record gone without a deletion (deleted elsewhere) that the latest import no
   * longer lists: one `forget` entry. From then on the record is neither decided nor deleted,
   * whatever an import or a target says. See forgetRefusal for what it refuses.
   */
  forget(id: string, reason: string, by: AuditContext, activeHolds: () => readonly Hold[]): ForgottenRecord {
    const s = this.statements;
    return this.db
      .transaction((): ForgottenRecord => {
        const row = s.select.get(id);
        if (!row) throw new RetentionError('record.not-found', `no record "${id}" in the store`);
        if (row[12] !== null) throw new RetentionError('record.already-forgotten', `record ${id} was already forgotten on ${row[12]}`);
        if (isDeleted(row))
          throw new RetentionError(
            'record.already-destroyed',
            `record ${id} was deleted on ${row[7]} (run ${row[8] ?? 'unknown'}): there is nothing to forget`,
          );
        const now = this.now().toISOString();
        const refused = forgetRefusal(row, s.openIntent.get(id) ?? null, activeHolds(), now.slice(0, 10));
        if (refused) throw refused;
        const unlistedSince = row[13];
        s.forget.run({ id, now, by: by.actor, reason });
        this.audit.appendInTx([
          {
            ...auditColumns(by),
            action: 'forget',
            record: id,
            subject: row[1],
            category: row[2],
            detail: { noLongerListedSince: unlistedSince },
          },
        ]);
        return { id, subject: row[1], category: row[2], noLongerListedSince: unlistedSince };
      })
      .immediate();
  }

  /** Deleted records the latest import still listed. */
  listedAfterDeletion(): ListedAfterDeletion[] {
    return this.statements.listedAfterDeletion.all();
  }

  /** Deleted records (not come back) as they were when deleted, with their tombstones. */
  deletedFacts(ids: readonly string[]): RecordFacts[] {
    const facts: RecordFacts[] = [];
    for (const id of ids) {
      const row = this.statements.deleted.get(id);
      if (row) facts.push(this.factsOf(row, true));
    }
    return facts;
  }

  countInScope(scope: HoldScope, ref: string): number {
    return this.statements.countInScope[scope].get(ref) ?? 0;
  }

  liveRecordCount(): number {
    return this.statements.liveCount.get() ?? 0;
  }

  /**
   * Every live or reappeared record in id order. Pages are read by key so that no statement
   * stays open between yields; recorded events are loaded once. A subject's event history is
   * shared by its records and frozen: read it, never change it.
   */
  async *streamFacts(batchSize = 1000): AsyncIterable<RecordFacts[]> {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error(`bad batch size ${batchSize} (this is a bug)`);
    const { byRecord, bySubject } = this.events.loadHistories();
    let rows = this.statements.firstPage.all(batchSize);
    while (rows.length > 0) {
      yield rows.map((row) => rowToFacts(row, historyIn(byRecord, row[0]), historyIn(bySubject, row[1])));
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      rows = this.statements.nextPage.all(last[0], batchSize);
    }
  }

  getFacts(id: string): RecordFacts | null {
    const row = this.statements.live.get(id);
    return row ? this.factsOf(row, false) : null;
  }

  /**
   * The facts of those of `ids` a plan would decide now (live, and listed by the latest import
   * of its scope), by id: a batch's records and their event histories in two reads, not three
   * per record.
   */
  decidedFactsAmong(ids: readonly string[]): Map<string, RecordFacts> {
    const rows = jsonIdLists(ids).flatMap((list) => this.statements.decidedAmong.all(list));
    const subjects = new Set<string>();
    for (const row of rows) if (row[1] !== null) subjects.add(row[1]);
    const { byRecord, bySubject } = this.events.historiesAmong(
      rows.map((row) => row[0]),
      [...subjects],
    );
    return new Map(rows.map((row) => [row[0], rowToFacts(row, historyIn(byRecord, row[0]), historyIn(bySubject, row[1]))]));
  }

  /** One record's facts with its recorded events; `deleted`: carry its tombstone (it is not live). */
  private factsOf(row: RecordTuple, deleted: boolean): RecordFacts {
    const subject = row[1];
    const facts = rowToFacts(
      row,
      this.events.historyOf('record', row[0]),
      subject === null ? NO_EVENT_HISTORY : this.events.historyOf('subject', subject),
    );
    return deleted ? { ...facts, tombstone: tombstoneOf(row) } : facts;
  }

  getTombstone(id: string): Tombstone | null {
    const row = this.statements.select.get(id);
    return row ? tombstoneOf(row) : null;
  }
}

function isBatch(source: ImportSource): source is readonly InventoryRecord[] {
  return Array.isArray(source);
}

/**
 * What one import lists, and what that says about the store's other records once the import
 * is read whole: a live record of the import's scope that it does not list is marked no longer
 * listed (not deleted, not decided: were they deleted elsewhere?); a marked record listed again
 * is unmarked. Rows the import inserted or updated carry its `imported_at`; only the ids of
 * unchanged ones need keeping, in a temporary table of the import's connection.
 */
class ImportListing {
  private readonly insert;

  constructor(private readonly db: Database.Database) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS import_listed (id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.import_listed');
    this.insert = db.prepare<[string]>('INSERT OR IGNORE INTO temp.import_listed (id) VALUES (?)');
  }

  add(id: string): void {
    this.insert.run(id);
  }

  /**
   * Marks and unmarks; `target`: the import lists only that target's records (a scan of it),
   * so records elsewhere are left as they are. Returns the records of the scope no longer listed.
   */
  reconcile(now: string, target: string | null): number {
    const inScope = target === null ? '1' : 'substr(location, 1, length(@prefix)) = @prefix';
    const params = target === null ? { now } : { now, prefix: `${target}:` };
    // Rows this import wrote carry `imported_at = now`: `<` or `>`, unlike `!=`, finds the
    // others through the records_imported index instead of reading every row (a first import
    // of a million records has none to find).
    this.db
      .prepare(`UPDATE records SET unlisted_at = NULL WHERE unlisted_at IS NOT NULL AND id IN (SELECT id FROM temp.import_listed)`)
      .run();
    this.db
      .prepare(
        `UPDATE records SET unlisted_at = @now
         WHERE ${LIVE} AND unlisted_at IS NULL AND (imported_at < @now OR imported_at > @now) AND ${inScope}
           AND id NOT IN (SELECT id FROM temp.import_listed)`,
      )
      .run(params);
    const counting = this.db
      .prepare<unknown[], number>(`SELECT count(*) FROM records WHERE ${LIVE} AND unlisted_at IS NOT NULL AND ${inScope}`)
      .pluck();
    const count = target === null ? counting.get() : counting.get({ prefix: `${target}:` });
    this.db.exec('DELETE FROM temp.import_listed');
    return count ?? 0;
  }
}
