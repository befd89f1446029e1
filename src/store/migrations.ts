/**
 * Schema migrations, numbered by `PRAGMA user_version`: migration i brings the store from
 * version i to i + 1. Append new migrations; never edit a released one.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { RetentionError } from '../errors.js';
import { damagedStore } from './sqlite-errors.js';

const APPEND_ONLY = 'audit log is append-only';

/**
 * `PRAGMA application_id` of every store: "RTNS" in ASCII. A file with another id (0 included,
 * unless it is an unmarked store of an older version) is not a store and is never written to.
 */
export const STORE_APPLICATION_ID = 0x52544e53;

/** In order; exported so that a test can build a store as an older version of the tool left it. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  -- Clustered by id: the planner reads every record in id order.
  CREATE TABLE records (
    id TEXT PRIMARY KEY,
    subject TEXT,
    category TEXT NOT NULL,
    created TEXT,
    location TEXT,
    events TEXT NOT NULL,
    flags TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    deleted_at TEXT,
    deleted_run TEXT,
    deleted_rule TEXT,
    reappeared_at TEXT
  ) WITHOUT ROWID;

  CREATE TABLE subject_events (
    subject TEXT NOT NULL,
    event TEXT NOT NULL,
    date TEXT NOT NULL,
    PRIMARY KEY (subject, event)
  ) WITHOUT ROWID;

  CREATE TABLE holds (
    id TEXT PRIMARY KEY,
    num INTEGER NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('record', 'subject', 'category')),
    ref TEXT NOT NULL,
    reason TEXT NOT NULL,
    until TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    released_at TEXT,
    released_by TEXT,
    release_reason TEXT
  );

  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    policy_sha256 TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL,
    summary TEXT
  );

  CREATE TABLE lease (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    run TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    acquired_at TEXT NOT NULL
  );

  -- The open journal: one row per intent that has no outcome yet.
  CREATE TABLE intents (
    record TEXT PRIMARY KEY,
    run TEXT NOT NULL,
    intent_seq INTEGER NOT NULL,
    target TEXT NOT NULL,
    ref_sha256 TEXT
  );

  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    run TEXT,
    record TEXT,
    subject TEXT,
    category TEXT,
    rule TEXT,
    policy_sha256 TEXT,
    detail TEXT,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_record ON audit (record) WHERE record IS NOT NULL;
  CREATE INDEX audit_subject ON audit (subject) WHERE subject IS NOT NULL;
  CREATE INDEX audit_run ON audit (run) WHERE run IS NOT NULL;
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END;

  CREATE TABLE plans (
    sha256 TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    as_of TEXT NOT NULL,
    policy_sha256 TEXT,
    store_id TEXT NOT NULL,
    valid_until TEXT,
    body TEXT NOT NULL
  );

  CREATE TABLE approvals (
    plan_sha256 TEXT NOT NULL REFERENCES plans (sha256),
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    note TEXT
  );

  CREATE TABLE confirmations (
    record TEXT NOT NULL,
    by TEXT NOT NULL,
    method TEXT NOT NULL,
    at TEXT NOT NULL
  );
  `,
  // The store's mark (DESIGN §2), also on stores made before stores were marked: without it
  // a store cannot be told from another application's SQLite file, which is never adopted.
  `
  PRAGMA application_id = ${STORE_APPLICATION_ID};
  INSERT INTO meta (key, value) VALUES ('application', 'retention') ON CONFLICT (key) DO NOTHING;
  `,
  // Events become history (DESIGN §2): every date added with `event add` is a row of its own,
  // with an id (E-1, E-2, …), who added it, and whether it was removed; an import never touches
  // them. Only subject events can be carried over: record events added with `event add --record`
  // were written into records.events, where they cannot be told apart from imported dates.
  // A re-import no longer brings deleted records back: `listed_again_at` notes that one was listed
  // again; `reappeared_at` is only set when a run finds the record back in its target. Marks left
  // by a re-import (no `reappeared` entry since the deletion) are turned into `listed_again_at`.
  // A confirmation's free note stays here, beside it, not in the log.
  `
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    num INTEGER NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('record', 'subject')),
    ref TEXT NOT NULL,
    event TEXT NOT NULL,
    date TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    removed_at TEXT,
    removed_by TEXT,
    remove_reason TEXT
  );
  CREATE INDEX events_by_ref ON events (scope, ref);

  INSERT INTO events (id, num, scope, ref, event, date, added_by, added_at)
  SELECT 'E-' || n, n, 'subject', subject, event, date,
         COALESCE(added.actor, 'unknown (before event history)'),
         COALESCE(added.at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  FROM (SELECT row_number() OVER (ORDER BY subject, event) AS n, subject, event, date FROM subject_events) AS old
  LEFT JOIN (
    SELECT subject AS s, json_extract(detail, '$.event') AS e, actor, at, row_number() OVER (
      PARTITION BY subject, json_extract(detail, '$.event') ORDER BY seq DESC) AS latest
    FROM audit WHERE action = 'event' AND record IS NULL
  ) AS added ON added.s = old.subject AND added.e = old.event AND added.latest = 1;
  DROP TABLE subject_events;

  ALTER TABLE records ADD COLUMN listed_again_at TEXT;
  CREATE INDEX records_listed_again ON records (listed_again_at) WHERE listed_again_at IS NOT NULL;
  UPDATE records SET listed_again_at = reappeared_at, reappeared_at = NULL
  WHERE deleted_at IS NOT NULL AND reappeared_at IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM audit WHERE audit.record = records.id AND audit.action = 'reappeared' AND audit.at >= records.deleted_at);

  ALTER TABLE confirmations ADD COLUMN note TEXT;
  `,
  // Each apply asks whether its policy version's warnings are logged yet: answer from an index, not a scan of the log.
  `
  CREATE INDEX audit_policy_warnings ON audit (policy_sha256) WHERE action = 'policy-warnings';
  `,
  // Holds and approvals are acted on as the log says (log-view.ts): their entries are read on
  // every run and every batch, so they get partial indexes of their own.
  `
  CREATE INDEX audit_holds ON audit (seq) WHERE action IN ('hold', 'hold-release');
  CREATE INDEX audit_approvals ON audit (seq) WHERE action = 'approve';
  `,
  // Events are history, and nothing an import or an older version saw is lost:
  // - `source` says where a date came from: `event add`, or an import that listed it for a
  //   record and whose successor no longer did (or changed it), kept here rather than dropped;
  // - the dates that versions before event history recorded with `event add` (on a record:
  //   written into records.events, which the next import overwrote; on a subject: replaced by
  //   a later date) are still in their `event` entries (those without an id): carried into the
  //   history, added by the entry's actor at its time, unless the history has that date already.
  `
  ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT 'event-add' CHECK (source IN ('event-add', 'import'));

  INSERT INTO events (id, num, scope, ref, event, date, added_by, added_at)
  SELECT 'E-' || (base.n + old.n), base.n + old.n, old.scope, old.ref, old.event, old.date, old.actor, old.at
  FROM (SELECT COALESCE(MAX(num), 0) AS n FROM events) AS base,
       (SELECT row_number() OVER (ORDER BY seq) AS n, scope, ref, event, date, actor, at FROM (
          SELECT MIN(seq) AS seq, scope, ref, event, date, actor, at FROM (
            SELECT seq, actor, at, json_extract(detail, '$.scope') AS scope,
                   CASE json_extract(detail, '$.scope') WHEN 'record' THEN record ELSE subject END AS ref,
                   json_extract(detail, '$.event') AS event, json_extract(detail, '$.date') AS date
            FROM audit WHERE action = 'event' AND json_valid(detail) AND json_extract(detail, '$.id') IS NULL
          ) AS entry
          WHERE scope IN ('record', 'subject') AND ref IS NOT NULL AND event IS NOT NULL AND date IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM events e WHERE e.scope = entry.scope AND e.ref = entry.ref AND e.event = entry.event AND e.date = entry.date)
          GROUP BY scope, ref, event, date
        )
       ) AS old;
  `,
  // Reconciliation (issue 12): a live record the latest import of its scope no longer lists is
  // marked, not deleted and not decided, until it is listed again or a person forgets it
  // (`inventory forget`): a record that vanished without a deletion entry is what an auditor
  // asks about. A forgotten record is closed for good: never live, never deleted. The reason
  // may name people, so it stays here, out of the log.
  // The first apply under a new policy version logs `policy-changed` (found from an index),
  // with counts of the decisions that changed: each applied version's text is kept to compare with.
  `
  ALTER TABLE records ADD COLUMN unlisted_at TEXT;
  ALTER TABLE records ADD COLUMN forgotten_at TEXT;
  ALTER TABLE records ADD COLUMN forgotten_by TEXT;
  ALTER TABLE records ADD COLUMN forget_reason TEXT;
  CREATE INDEX records_unlisted ON records (unlisted_at) WHERE unlisted_at IS NOT NULL;
  CREATE INDEX audit_policy_changed ON audit (policy_sha256) WHERE action = 'policy-changed';
  CREATE TABLE policy_texts (sha256 TEXT PRIMARY KEY, text TEXT NOT NULL, kept_at TEXT NOT NULL) WITHOUT ROWID;
  `,
  // What tells a deleted item from another put at its location later (issue A3): taken by the
  // target at deletion (files: size and modification time; sqlite: a hash of the row).
  `
  ALTER TABLE records ADD COLUMN deleted_fingerprint TEXT;
  `,
  // The events table and the records' deleted state are checked against the log before every
  // apply (log-view-records.ts): their entries get partial indexes, not a scan of the whole log.
  `
  CREATE INDEX audit_events ON audit (seq) WHERE action IN ('event', 'event-remove');
  CREATE INDEX audit_deletions ON audit (seq) WHERE action IN ('deleted', 'confirm', 'reappeared', 'forget');
  `,
  // Records imported while a run deletes (review 2, point 2): each batch's recheck reads those
  // imported since the run started, found from this index.
  `
  CREATE INDEX records_imported ON records (imported_at);
  `,
];

/** The schema version this tool writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The triggers that make the audit table append-only; `audit verify` checks they are still there. */
export const APPEND_ONLY_TRIGGERS = ['audit_no_update', 'audit_no_delete'] as const;

/**
 * Brings the database to the latest schema in one immediate transaction, and gives a new
 * store its random `store_id`. A store written by a newer version of the tool is refused
 * (`file` names it in the message).
 */
export function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw newerSchema(file, version);
    for (const sql of MIGRATIONS.slice(version)) execMigration(db, sql, { file, version });
    if (version === 0) db.prepare("INSERT INTO meta (key, value) VALUES ('store_id', ?)").run(randomUUID());
    // PRAGMA takes no bound parameters; the value is our own integer.
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * A migration that fails on a store of our own (a table it creates is there already) means the
 * store is not what its version says: `PRAGMA user_version` was set back by hand.
 */
function execMigration(db: Database.Database, sql: string, store: { file: string; version: number }): void {
  try {
    db.exec(sql);
  } catch (error) {
    if (!(error instanceof Database.SqliteError) || error.code !== 'SQLITE_ERROR') throw error;
    throw damagedStore(
      store.file,
      `it says schema version ${store.version}, but upgrading it fails: ${error.message}; the version was changed outside retention`,
    );
  }
}

export function newerSchema(file: string, version: number): RetentionError {
  return new RetentionError(
    'store.newer-schema',
    `the store ${file} has schema version ${version}, newer than this tool knows (${SCHEMA_VERSION}); upgrade retention`,
  );
}
