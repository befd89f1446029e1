/**
 * The deletion journal (DESIGN §6): an `intent` entry is committed before a record is
 * touched and a `deleted`/`failed` entry after. The intents table holds the intents still
 * without an outcome, which is what a re-run settles first.
 */
import { jsonIdLists } from './json-id-lists.js';
import type Database from 'better-sqlite3';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { Hold, RecordFacts } from '../engine/types.js';
import type { AuditContext, InRun } from './audit-context.js';
import { LIVE } from './rows/records.js';
import type { ConfirmationInput, IntentInput, IntentRecheck, OutcomeInput, UnsettledIntent } from './run-journal.js';
import {
  confirmableRecord,
  confirmationDraft,
  confirmationRun,
  intentDraft,
  outcomeDraft,
  refHashOf,
  unsettledIntentBug,
  RECORD_HEAD_COLUMNS,
  type OpenIntent,
  type RecordHead,
} from './rows/journal.js';

/** The store's current view of records and holds, read inside the journal's transactions. */
export interface FactsReader {
  /** The facts of those of `ids` a plan would decide now, by id: none once forgotten or no longer listed by an import. */
  factsAmong(ids: readonly string[]): Map<string, RecordFacts>;
  activeHolds(): Hold[];
}

export class SqliteJournal {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAuditLog,
    private readonly now: () => Date,
    private readonly current: FactsReader,
  ) {
    this.statements = {
      record: db.prepare<[string], RecordHead>(`SELECT ${RECORD_HEAD_COLUMNS} FROM records WHERE id = ?`),
      openIntent: db.prepare<[string], OpenIntent>('SELECT run, intent_seq FROM intents WHERE record = ?'),
      // A batch's ids go in as one JSON array: one statement per batch, not one per record.
      recordsAmong: db.prepare<[string], RecordHead & { id: string }>(
        `SELECT id, ${RECORD_HEAD_COLUMNS} FROM records WHERE id IN (SELECT value FROM json_each(?))`,
      ),
      openIntentsAmong: db.prepare<[string], OpenIntent & { record: string }>(
        'SELECT record, run, intent_seq FROM intents WHERE record IN (SELECT value FROM json_each(?))',
      ),
      insertIntent: db.prepare<[string | null, string, number, string, string | null]>(
        'INSERT INTO intents (record, run, intent_seq, target, ref_sha256) VALUES (?, ?, ?, ?, ?)',
      ),
      settle: db.prepare<[string]>('DELETE FROM intents WHERE record = ?'),
      settleAmong: db.prepare<[string]>('DELETE FROM intents WHERE record IN (SELECT value FROM json_each(?))'),
      arrivals: db.prepare<[string], { id: string; location: string | null }>(
        `SELECT id, location FROM records WHERE imported_at > (SELECT started_at FROM runs WHERE id = ?) AND ${LIVE}`,
      ),
      // Positional (a run binds it once per record deleted): at, run, rule, fingerprint, id.
      tombstone: db.prepare<[string, string | null, string | null, string | null, string]>(
        'UPDATE records SET deleted_at = ?, deleted_run = ?, deleted_rule = ?, deleted_fingerprint = ?, reappeared_at = NULL, listed_again_at = NULL WHERE id = ?',
      ),
      unsettled: db.prepare<[], UnsettledIntent>(
        `SELECT i.record, i.run, i.intent_seq AS intentSeq, i.target, i.ref_sha256 AS refSha256, r.location, a.at AS since, a.rule
         FROM intents i LEFT JOIN records r ON r.id = i.record JOIN audit a ON a.seq = i.intent_seq ORDER BY i.intent_seq`,
      ),
      confirmation: db.prepare('INSERT INTO confirmations (record, by, method, at, note) VALUES (@record, @by, @method, @at, @note)'),
    };
  }

  /**
   * Journals the intents of one batch in one transaction: an `intent` entry and an open row
   * each. With `recheck`, only the items it still deletes once facts and holds are re-read
   * inside this transaction (nobody can place a hold between that read and the intents).
   */
  recordIntents(candidates: readonly IntentInput[], by: InRun, recheck?: IntentRecheck): IntentInput[] {
    const s = this.statements;
    return this.db
      .transaction(() => {
        const items = recheck ? this.stillToDelete(candidates, recheck, by.run) : [...candidates];
        const open = this.openIntentsAmong(jsonIdLists(items.map(({ record }) => record.id)));
        for (const { record } of items) {
          const intent = open.get(record.id);
          if (intent) throw unsettledIntentBug(record.id, intent);
        }
        const refs = items.map(refHashOf);
        const entries = this.audit.appendInTx(items.map((item, i) => intentDraft(item, refs[i] ?? null, by)));
        items.forEach((item, i) => s.insertIntent.run(item.record.id, by.run, entries[i]!.seq, item.target, refs[i] ?? null));
        return items;
      })
      .immediate();
  }

  private stillToDelete(candidates: readonly IntentInput[], recheck: IntentRecheck, run: string): IntentInput[] {
    const found = this.current.factsAmong(candidates.map(({ record }) => record.id));
    // In the batch's order, as the recheck is shown them.
    const facts = new Map<string, RecordFacts>();
    for (const { record } of candidates) {
      const current = found.get(record.id);
      if (current) facts.set(record.id, current);
    }
    const keep = recheck({ facts, holds: this.current.activeHolds(), arrivals: this.statements.arrivals.all(run) });
    return candidates.filter(({ record }) => keep.has(record.id));
  }

  /** The open intents of the records whose ids are in the JSON arrays `lists`, by record. */
  private openIntentsAmong(lists: readonly string[]): Map<string, OpenIntent> {
    const rows = lists.flatMap((list) => this.statements.openIntentsAmong.all(list));
    return new Map(rows.map(({ record, ...open }) => [record, open]));
  }

  /**
   * Records the outcomes of one batch in one transaction: the `deleted`/`failed` entry (linked
   * to its intent's seq), the intent settled, and for `deleted` the record's tombstone.
   */
  recordOutcomes(items: readonly OutcomeInput[], by: InRun): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        const at = this.now().toISOString();
        const lists = jsonIdLists(items.map((item) => item.recordId));
        const records = new Map(lists.flatMap((list) => s.recordsAmong.all(list)).map(({ id, ...head }) => [id, head]));
        const open = this.openIntentsAmong(lists);
        this.audit.appendInTx(items.map((item) => outcomeDraft(item, records.get(item.recordId), open.get(item.recordId), by)));
        for (const list of lists) s.settleAmong.run(list);
        for (const item of items) {
          if (item.outcome === 'deleted') s.tombstone.run(at, by.run, item.rule, item.fingerprint ?? null, item.recordId);
        }
      })
      .immediate();
  }

  unsettledIntents(): UnsettledIntent[] {
    return this.statements.unsettled.all();
  }

  /**
   * A person confirms destroying a record the tool cannot reach (manual target): `confirm`
   * entry, tombstone and settled intent in one transaction; the note stays beside the
   * confirmation, out of the log.
   */
  recordConfirmation(input: ConfirmationInput, by: AuditContext): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        const record = confirmableRecord(input.recordId, s.record.get(input.recordId));
        const at = this.now().toISOString();
        const intent = s.openIntent.get(input.recordId);
        const run = confirmationRun(intent, by);
        this.audit.appendInTx([confirmationDraft(input, record, intent, by)]);
        s.confirmation.run({ record: input.recordId, by: by.actor, method: input.method, at, note: input.note ?? null });
        s.settle.run(input.recordId);
        s.tombstone.run(at, run, input.rule ?? null, null, input.recordId);
      })
      .immediate();
  }
}
