/**
 * The deletion journal (DESIGN §6): an `intent` entry is committed before a record is
 * touched and a `deleted`/`failed` entry after. The intents table holds the intents still
 * without an outcome, which is what a re-run settles first.
 */
import type Database from 'better-sqlite3';
import { hashLocation, type AuditDraft } from '../audit-entry.js';
import { RetentionError } from '../errors.js';
import type { SqliteAuditLog } from './sqlite-audit.js';
import type { Hold, RecordFacts } from '../engine/types.js';
import { auditColumns, type AuditContext, type InRun } from './audit-context.js';
import type { ConfirmationInput, IntentInput, IntentRecheck, OutcomeInput, UnsettledIntent } from './run-journal.js';

/** The store's current view of records and holds, read inside the journal's transactions. */
export interface FactsReader {
  facts(id: string): RecordFacts | null;
  activeHolds(): Hold[];
}

interface RecordHead {
  subject: string | null;
  category: string;
  deleted_at: string | null;
  reappeared_at: string | null;
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
      record: db.prepare<[string], RecordHead>('SELECT subject, category, deleted_at, reappeared_at FROM records WHERE id = ?'),
      openIntent: db.prepare<[string], { run: string; intent_seq: number }>('SELECT run, intent_seq FROM intents WHERE record = ?'),
      insertIntent: db.prepare(
        'INSERT INTO intents (record, run, intent_seq, target, ref_sha256) VALUES (@record, @run, @seq, @target, @refSha256)',
      ),
      settle: db.prepare<[string]>('DELETE FROM intents WHERE record = ?'),
      tombstone: db.prepare(
        'UPDATE records SET deleted_at = @at, deleted_run = @run, deleted_rule = @rule, deleted_fingerprint = @fingerprint, reappeared_at = NULL, listed_again_at = NULL WHERE id = @id',
      ),
      unsettled: db.prepare<[], UnsettledIntent>(
        `SELECT i.record, i.run, i.intent_seq AS intentSeq, i.target, i.ref_sha256 AS refSha256, r.location, a.at AS since
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
        const items = recheck ? this.stillToDelete(candidates, recheck) : [...candidates];
        for (const { record } of items) {
          const open = s.openIntent.get(record.id);
          if (open) throw new Error(`record ${record.id} has an unsettled intent from run ${open.run}; settle it first (this is a bug)`);
        }
        const refs = items.map(({ record }) => (record.location === null ? null : hashLocation(record.location)));
        const drafts = items.map(
          (item, i): AuditDraft => ({
            ...auditColumns(by),
            action: 'intent',
            record: item.record.id,
            subject: item.record.subject,
            category: item.record.category,
            rule: item.rule,
            detail: { target: item.target, location: refs[i] ?? null },
          }),
        );
        this.audit.appendInTx(drafts).forEach((entry, i) => {
          s.insertIntent.run({ record: entry.record, run: by.run, seq: entry.seq, target: items[i]?.target, refSha256: refs[i] });
        });
        return items;
      })
      .immediate();
  }

  private stillToDelete(candidates: readonly IntentInput[], recheck: IntentRecheck): IntentInput[] {
    const facts = new Map<string, RecordFacts>();
    for (const { record } of candidates) {
      const current = this.current.facts(record.id);
      if (current) facts.set(record.id, current);
    }
    const keep = recheck({ facts, holds: this.current.activeHolds() });
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
        const drafts = items.map((item): AuditDraft => {
          const record = s.record.get(item.recordId);
          const intent = s.openIntent.get(item.recordId);
          return {
            ...auditColumns(by),
            action: item.outcome,
            record: item.recordId,
            subject: record?.subject ?? null,
            category: record?.category ?? null,
            rule: item.rule,
            detail: { ...item.detail, intentSeq: intent?.intent_seq ?? null },
          };
        });
        this.audit.appendInTx(drafts);
        for (const item of items) {
          s.settle.run(item.recordId);
          if (item.outcome === 'deleted') s.tombstone.run({ id: item.recordId, at, run: by.run, rule: item.rule, fingerprint: item.fingerprint ?? null });
        }
      })
      .immediate();
  }

  unsettledIntents(): UnsettledIntent[] {
    return this.statements.unsettled.all();
  }

  /**
   * A person confirms destroying a record the tool cannot reach (manual target): `confirm`
   * entry, tombstone and settled intent in one transaction. The method is one of a closed list
   * (config `destructionMethods`), so it is logged; the person is the entry's actor; a free
   * note may name people and stays beside the confirmation, out of the log.
   */
  recordConfirmation(input: ConfirmationInput, by: AuditContext): void {
    const s = this.statements;
    this.db
      .transaction(() => {
        const record = s.record.get(input.recordId);
        if (!record) throw new RetentionError('record.not-found', `no record "${input.recordId}" in the store`);
        if (record.deleted_at !== null && record.reappeared_at === null) {
          throw new RetentionError('record.already-destroyed', `record ${input.recordId} was already recorded as destroyed on ${record.deleted_at}`);
        }
        const at = this.now().toISOString();
        const intent = s.openIntent.get(input.recordId);
        const run = by.run ?? intent?.run ?? null;
        this.audit.appendInTx([
          {
            ...auditColumns(by),
            action: 'confirm',
            run,
            record: input.recordId,
            subject: record.subject,
            category: record.category,
            rule: input.rule ?? null,
            detail: { method: input.method, intentSeq: intent?.intent_seq ?? null },
          },
        ]);
        s.confirmation.run({ record: input.recordId, by: by.actor, method: input.method, at, note: input.note ?? null });
        s.settle.run(input.recordId);
        s.tombstone.run({ id: input.recordId, at, run, rule: input.rule ?? null, fingerprint: null });
      })
      .immediate();
  }
}
