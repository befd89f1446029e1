/**
 * Runs and the deletion journal in the PostgreSQL store (DESIGN §6); what the entries say is
 * rows/journal.ts, shared with the SQLite store. Each batch is one transaction of a few
 * statements whatever its size: the records, intents and holds it needs are read with
 * `= ANY($1)`, its entries and intents written with one `unnest` each.
 */
import type { Hold, RecordFacts } from '../engine/types.js';
import { AUDIT_COLUMNS } from './rows/audit.js';
import type { AuditContext, InRun } from './audit-context.js';
import { AUDIT_HEAD, headOf, INSERT_ENTRIES, type PgAuditLog } from './postgres-audit.js';
import { ACTIVE_HOLDS_READS, activeHoldsFrom } from './postgres-holds.js';
import type { PgInventory } from './postgres-inventory.js';
import { prepared, SERVER_NOW, type PgSession, type Sql } from './postgres-session.js';
import { DECIDED, LIVE } from './rows/records.js';
import {
  confirmableRecord,
  confirmationDraft,
  confirmationRun,
  intentDraft,
  outcomeDraft,
  refHashOf,
  runEndDraft,
  runNeverStarted,
  runStartDraft,
  unsettledIntentBug,
  type OpenIntent,
  type RecordHead,
} from './rows/journal.js';
import type {
  ConfirmationInput,
  IntentInput,
  IntentRecheck,
  OutcomeInput,
  RunStart,
  RunStatus,
  RunSummary,
  UnsettledIntent,
} from './run-journal.js';

/**
 * The live records imported (or changed by an import) since the run began ($1: the server's
 * time then, $2: the seq of its `run-start` entry). The records are read only when an import
 * entry came after that seq (audit_imports): the EXISTS is a one-time filter, so a run during
 * which nothing was imported reads no record, and a records index on the import time, costly
 * to every import, is not needed.
 */
const ARRIVALS = `SELECT id, location FROM records
  WHERE EXISTS (SELECT 1 FROM audit WHERE action = 'import' AND seq > $2) AND imported_at > $1 AND ${LIVE}`;

export class PgJournal {
  /**
   * Each run this journal started: the seq of its `run-start` entry and the server's time then
   * (SERVER_NOW), both read under the write lock. An import that commits after it has a larger
   * seq and gives its records a later server time, so a batch looks for records imported
   * during the run only when such an import entry exists, and finds them by that time.
   */
  private readonly runStarts = new Map<string, { seq: number; serverTime: string }>();

  constructor(
    private readonly session: PgSession,
    private readonly audit: PgAuditLog,
    private readonly inventory: PgInventory,
    private readonly now: () => Date,
  ) {}

  async startRun(run: RunStart, by: InRun): Promise<void> {
    await this.session.write(async (sql) => {
      const { rows } = await sql.query<{ server_now: string }>(
        `INSERT INTO runs (id, kind, actor, policy_sha256, started_at, status) VALUES ($1, $2, $3, $4, $5, 'running') RETURNING ${SERVER_NOW} AS server_now`,
        [by.run, run.kind, by.actor, by.policySha256 ?? null, this.now().toISOString()],
      );
      const [entry] = await this.audit.appendInTx(sql, [runStartDraft(run, by)]);
      if (entry && rows[0]) this.runStarts.set(by.run, { seq: entry.seq, serverTime: rows[0].server_now });
    });
  }

  async endRun(id: string, status: RunStatus, summary: RunSummary): Promise<void> {
    await this.session.write(async (sql) => {
      const { rows } = await sql.query<{ actor: string; policy_sha256: string | null }>(
        'SELECT actor, policy_sha256 FROM runs WHERE id = $1',
        [id],
      );
      const run = rows[0];
      if (!run) throw runNeverStarted(id);
      await sql.query('UPDATE runs SET ended_at = $2, status = $3, summary = $4 WHERE id = $1', [
        id,
        this.now().toISOString(),
        status,
        JSON.stringify(summary),
      ]);
      await this.audit.appendInTx(sql, [runEndDraft(id, run, status, summary)]);
    });
  }

  /**
   * Journals the intents of one batch in one transaction: an `intent` entry and an open row
   * each. With `recheck`, only the items it still deletes once facts and holds are re-read
   * inside this transaction, under the write lock (nobody can place a hold in between). The
   * log's head and the holds are read in the round trip that takes the lock; the entries and
   * the open rows are written by one statement.
   */
  recordIntents(candidates: readonly IntentInput[], by: InRun, recheck?: IntentRecheck): Promise<IntentInput[]> {
    const reads = [AUDIT_HEAD, ...(recheck ? ACTIVE_HOLDS_READS : [])];
    return this.session.writeAfter(reads, async (sql, [head, ...holds]) => {
      const items = recheck ? await this.stillToDelete(sql, candidates, recheck, by.run, activeHoldsFrom(holds)) : [...candidates];
      const ids = items.map(({ record }) => record.id);
      const open = await openIntents(sql, ids);
      for (const { record } of items) {
        const intent = open.get(record.id);
        if (intent) throw unsettledIntentBug(record.id, intent);
      }
      const refs = items.map(refHashOf);
      const { entries, values } = this.audit.chain(
        headOf(head),
        items.map((item, i) => intentDraft(item, refs[i] ?? null, by)),
      );
      await sql.query(
        prepared(INSERT_INTENTS, [...values, ids, by.run, entries.map((entry) => entry.seq), items.map((item) => item.target), refs]),
      );
      return items;
    });
  }

  private async stillToDelete(
    sql: Sql,
    candidates: readonly IntentInput[],
    recheck: IntentRecheck,
    run: string,
    holds: readonly Hold[],
  ): Promise<IntentInput[]> {
    const current = await this.inventory.factsIn(
      sql,
      candidates.map(({ record }) => record.id),
      DECIDED,
    );
    const facts = new Map<string, RecordFacts>(current.map((f) => [f.record.id, f]));
    // A run this journal did not start (none does today) is looked at as if it began with the log.
    const started = this.runStarts.get(run) ?? { seq: 0, serverTime: '' };
    const { rows: arrivals } = await sql.query<{ id: string; location: string | null }>(
      prepared(ARRIVALS, [started.serverTime, started.seq]),
    );
    const keep = recheck({ facts, holds, arrivals });
    return candidates.filter(({ record }) => keep.has(record.id));
  }

  /**
   * Records the outcomes of one batch in one transaction: the `deleted`/`failed` entry (linked
   * to its intent's seq), the intents settled, and for `deleted` the record's tombstone.
   */
  async recordOutcomes(items: readonly OutcomeInput[], by: InRun): Promise<void> {
    await this.session.writeAfter([AUDIT_HEAD], async (sql, [head]) => {
      const ids = items.map((item) => item.recordId);
      const { records, intents } = await headsAndIntents(sql, ids);
      const { values } = this.audit.chain(
        headOf(head),
        items.map((item) => outcomeDraft(item, records.get(item.recordId), intents.get(item.recordId), by)),
      );
      const deleted = items.filter((item) => item.outcome === 'deleted');
      // The entries, the settled intents and the tombstones: one statement.
      await sql.query(
        prepared(ENTRIES_AND_SETTLE, [
          ...values,
          ...settleValues(
            ids,
            deleted.map((item) => ({ id: item.recordId, rule: item.rule, fingerprint: item.fingerprint ?? null })),
            this.now().toISOString(),
            by.run,
          ),
        ]),
      );
    });
  }

  unsettledIntents(): Promise<UnsettledIntent[]> {
    return this.session.use(
      async (sql) =>
        (
          await sql.query<UnsettledIntent>(
            `SELECT i.record, i.run, i.intent_seq AS "intentSeq", i.target, i.ref_sha256 AS "refSha256", r.location, a.at AS since, a.rule
             FROM intents i LEFT JOIN records r ON r.id = i.record JOIN audit a ON a.seq = i.intent_seq ORDER BY i.intent_seq`,
          )
        ).rows,
    );
  }

  /** A person confirms destroying a record the tool cannot reach: `confirm` entry, tombstone and settled intent in one transaction. */
  async recordConfirmation(input: ConfirmationInput, by: AuditContext): Promise<void> {
    await this.session.write(async (sql) => {
      const { records, intents } = await headsAndIntents(sql, [input.recordId]);
      const record = confirmableRecord(input.recordId, records.get(input.recordId));
      const at = this.now().toISOString();
      const intent = intents.get(input.recordId);
      await this.audit.appendInTx(sql, [confirmationDraft(input, record, intent, by)]);
      await sql.query('INSERT INTO confirmations (record, by, method, at, note) VALUES ($1, $2, $3, $4, $5)', [
        input.recordId,
        by.actor,
        input.method,
        at,
        input.note ?? null,
      ]);
      await settle(
        sql,
        [input.recordId],
        [{ id: input.recordId, rule: input.rule ?? null, fingerprint: null }],
        at,
        confirmationRun(intent, by),
      );
    });
  }
}

async function openIntents(sql: Sql, ids: readonly string[]): Promise<Map<string, OpenIntent>> {
  const { rows } = await sql.query<OpenIntent & { record: string }>(
    prepared('SELECT record, run, intent_seq FROM intents WHERE record = ANY($1::text[])', [ids]),
  );
  return new Map(rows.map((row) => [row.record, row]));
}

/** The records `ids` (the columns their entries name) and their open intents, in one query. */
interface HeadAndIntentRow {
  id: string;
  /** Null when the store has no such record. */
  category: string | null;
  subject: string | null;
  deleted_at: string | null;
  reappeared_at: string | null;
  forgotten_at: string | null;
  /** Null when the record has no open intent. */
  run: string | null;
  intent_seq: number | null;
}

/**
 * The records $1 and their open intents. `= ANY($1)` in each join lets the planner find them by
 * key: joined to the unnest alone, the records were read in key order from the first one (a
 * merge join), the whole store for a batch near its end.
 */
export const HEADS_AND_INTENTS = `SELECT k.id, r.category, r.subject, r.deleted_at, r.reappeared_at, r.forgotten_at, i.run, i.intent_seq
  FROM unnest($1::text[]) AS k (id)
  LEFT JOIN records r ON r.id = k.id AND r.id = ANY($1::text[])
  LEFT JOIN intents i ON i.record = k.id AND i.record = ANY($1::text[])`;

async function headsAndIntents(
  sql: Sql,
  ids: readonly string[],
): Promise<{ records: Map<string, RecordHead>; intents: Map<string, OpenIntent> }> {
  const { rows } = await sql.query<HeadAndIntentRow>(prepared(HEADS_AND_INTENTS, [ids]));
  const records = new Map<string, RecordHead>();
  const intents = new Map<string, OpenIntent>();
  for (const row of rows) {
    if (row.category !== null)
      records.set(row.id, {
        subject: row.subject,
        category: row.category,
        deleted_at: row.deleted_at,
        reappeared_at: row.reappeared_at,
        forgotten_at: row.forgotten_at,
      });
    if (row.run !== null && row.intent_seq !== null) intents.set(row.id, { run: row.run, intent_seq: row.intent_seq });
  }
  return { records, intents };
}

/**
 * The intents of `ids` settled, and the deleted records made tombstones (when, in which run,
 * under which rule), in one statement, its parameters numbered from `first` (after those of
 * the `also` it runs too: other data-modifying WITH queries). `records.id = ANY($2)` beside the
 * join lets the planner find the batch's records by key: joined to the unnest alone, it hashed
 * the whole records table for every batch (a 100,000-file apply read its store a hundred times
 * over). $1: the records whose intents are settled; $2, $3, $6: the deleted ones, their rules
 * and fingerprints; $4: when; $5: the run (settleValues, in that order).
 */
function settleStatement(first: number, also: readonly string[] = []): string {
  const $ = (n: number) => `$${first + n - 1}`;
  return `WITH ${[...also, `settled AS (DELETE FROM intents WHERE record = ANY(${$(1)}::text[]))`].join(', ')}
  UPDATE records SET deleted_at = ${$(4)}, deleted_run = ${$(5)}, deleted_rule = t.rule, deleted_fingerprint = t.fingerprint, reappeared_at = NULL, listed_again_at = NULL
  FROM unnest(${$(2)}::text[], ${$(3)}::text[], ${$(6)}::text[]) AS t (id, rule, fingerprint) WHERE records.id = t.id AND records.id = ANY(${$(2)}::text[])`;
}

export const SETTLE = settleStatement(1);

/** A batch's outcome entries (INSERT_ENTRIES, $1 … $13) and SETTLE after them ($14 …): one round trip. */
const ENTRIES_AND_SETTLE = settleStatement(AUDIT_COLUMNS.length + 1, [`entries AS (${INSERT_ENTRIES})`]);

/**
 * A batch's intent entries (INSERT_ENTRIES, $1 … $13) and its open rows: $14 the records, $15
 * the run, $16 their entries' seq, $17 the targets, $18 the refs' hashes.
 */
const INSERT_INTENTS = `WITH entries AS (${INSERT_ENTRIES})
  INSERT INTO intents (record, run, intent_seq, target, ref_sha256)
  SELECT record, $15, seq, target, ref FROM unnest($14::text[], $16::bigint[], $17::text[], $18::text[]) AS i (record, seq, target, ref)`;

function settleValues(
  ids: readonly string[],
  deleted: readonly { id: string; rule: string | null; fingerprint: string | null }[],
  at: string,
  run: string | null,
): unknown[] {
  return [ids, deleted.map((r) => r.id), deleted.map((r) => r.rule), at, run, deleted.map((r) => r.fingerprint)];
}

async function settle(
  sql: Sql,
  ids: readonly string[],
  deleted: readonly { id: string; rule: string | null; fingerprint: string | null }[],
  at: string,
  run: string | null,
): Promise<void> {
  await sql.query(SETTLE, settleValues(ids, deleted, at, run));
}
