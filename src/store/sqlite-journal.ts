/**
 * The deletion journal (DESIGN §6): an `intent` entry is committed before a record is
 * touched and a `deleted`/`failed` entry after. The intents table holds the intents still
 * without an outcome, which is what a re-run settles first.
 */
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
  /** A record's facts if a plan would decide it now: null once forgotten or no longer listed by an import. */
  facts(id: string): RecordFacts | null;
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
      insertIntent: db.prepare(
        'INSERT INTO intents (record, run, intent_seq, target, ref_sha256) VALUES (@record, @run, @seq, @target, @refSha256)',
      ),
      settle: db.prepare<[string]>('DELETE FROM intents WHERE record = ?'),
      arrivals: db.prepare<[string], { id: string; location: string | null }>(
        `SELECT id, location FROM records WHERE imported_at > (SELECT started_at FROM runs WHERE id = ?) AND ${LIVE}`,
      ),
      tombstone: db.prepare(
        'UPDATE records SET deleted_at = @at, deleted_run = @run, deleted_rule = @rule, deleted_fingerprint = @fingerprint, reappeared_at = NULL, listed_again_at = NULL WHERE id = @id',
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
        for (const { record } of items) {
          const open = s.openIntent.get(record.id);
          if (open) throw unsettledIntentBug(record.id, open);
        }
        const refs = items.map(refHashOf);
        this.audit.appendInTx(items.map((item, i) => intentDraft(item, refs[i] ?? null, by))).forEach((entry, i) => {
          s.insertIntent.run({ record: entry.record, run: by.run, seq: entry.seq, target: items[i]?.target, refSha256: refs[i] });
        });
        return items;
      })
      .immediate();
  }

  private stillToDelete(candidates: readonly IntentInput[], recheck: IntentRecheck, run: string): IntentInput[] {
    const facts = new Map<string, RecordFacts>();
    for (const { record } of candidates) {
      const current = this.current.facts(record.id);
      if (current) facts.set(record.id, current);
    }
    const keep = recheck({ facts, holds: this.current.activeHolds(), arrivals: this.statements.arrivals.all(run) });
    return candidates.filter(({ record }) => keep.has(record.id));
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
        this.audit.appendInTx(items.map((item) => outcomeDraft(item, s.record.get(item.recordId), s.openIntent.get(item.recordId), by)));
        for (const item of items) {
          s.settle.run(item.recordId);
          if (item.outcome === 'deleted')
            s.tombstone.run({ id: item.recordId, at, run: by.run, rule: item.rule, fingerprint: item.fingerprint ?? null });
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
        s.tombstone.run({ id: input.recordId, at, run, rule: input.rule ?? null, fingerprint: null });
      })
      .immediate();
  }
}
