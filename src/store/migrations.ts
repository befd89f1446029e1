/**
 * Schema migrations, numbered by `PRAGMA user_version`: migration i brings the store from
 * version i to i + 1. Append new migrations; never edit a released one.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { RetentionError } from '../errors.js';

const APPEND_ONLY = 'audit log is append-only';

const MIGRATIONS: readonly string[] = [
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
  // Each apply asks whether its policy version's warnings are logged yet: answer from an index, not a scan of the log.
  `
  CREATE INDEX audit_policy_warnings ON audit (policy_sha256) WHERE action = 'policy-warnings';
  `,
];

/**
 * Brings the database to the latest schema in one immediate transaction, and gives a new
 * store its random `store_id`. A store written by a newer version of the tool is refused.
 */
/** The triggers that make the audit table append-only; `audit verify` checks they are still there. */
export const APPEND_ONLY_TRIGGERS = ['audit_no_update', 'audit_no_delete'] as const;

export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new RetentionError(
        'usage',
        `the store has schema version ${version}, newer than this tool knows (${MIGRATIONS.length}); upgrade retention`,
      );
    }
    for (const sql of MIGRATIONS.slice(version)) db.exec(sql);
    if (version === 0) db.prepare("INSERT INTO meta (key, value) VALUES ('store_id', ?)").run(randomUUID());
    // PRAGMA takes no bound parameters; the value is our own integer.
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
