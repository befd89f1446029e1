/**
 * The PostgreSQL store's schema (DESIGN §10), numbered in `schema_migrations`: migration i
 * brings the store from version i to i + 1. Append new migrations; never edit a released one.
 * The tables and columns are the SQLite store's (store copy moves rows between them as they
 * are); what the audit log hashes (`at`, `detail`) is text, never timestamptz or jsonb, which
 * would give back other bytes. Text that is sorted, compared by range or indexed is COLLATE
 * "C": byte order, as SQLite sorts, whatever the database's locale, and cheaper to compare.
 */
import { randomUUID } from 'node:crypto';
import { RetentionError } from '../errors.js';
import type { PgSession, Sql } from './postgres-session.js';

/** What the append-only triggers raise; `audit verify` checks that their function still does. */
const APPEND_ONLY_FUNCTION_BODY = `BEGIN
  RAISE EXCEPTION 'audit log is append-only';
END`;

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
  INSERT INTO meta (key, value) VALUES ('application', 'retention');

  CREATE TABLE records (
    id text COLLATE "C" PRIMARY KEY,
    subject text,
    category text NOT NULL,
    created text,
    location text,
    events text NOT NULL,
    flags text NOT NULL,
    imported_at text NOT NULL,
    deleted_at text,
    deleted_run text,
    deleted_rule text,
    reappeared_at text,
    listed_again_at text
  );
  CREATE INDEX records_listed_again ON records (listed_again_at) WHERE listed_again_at IS NOT NULL;

  CREATE TABLE events (
    id text PRIMARY KEY,
    num integer NOT NULL UNIQUE,
    scope text NOT NULL CHECK (scope IN ('record', 'subject')),
    ref text COLLATE "C" NOT NULL,
    event text NOT NULL,
    date text NOT NULL,
    added_by text NOT NULL,
    added_at text NOT NULL,
    removed_at text,
    removed_by text,
    remove_reason text
  );
  CREATE INDEX events_by_ref ON events (scope, ref);

  CREATE TABLE holds (
    id text PRIMARY KEY,
    num integer NOT NULL UNIQUE,
    scope text NOT NULL CHECK (scope IN ('record', 'subject', 'category')),
    ref text NOT NULL,
    reason text NOT NULL,
    until text,
    created_at text NOT NULL,
    created_by text NOT NULL,
    released_at text,
    released_by text,
    release_reason text
  );

  CREATE TABLE runs (
    id text PRIMARY KEY,
    kind text NOT NULL,
    actor text NOT NULL,
    policy_sha256 text,
    started_at text NOT NULL,
    ended_at text,
    status text NOT NULL,
    summary text
  );

  -- The open journal: one row per intent that has no outcome yet.
  CREATE TABLE intents (
    record text COLLATE "C" PRIMARY KEY,
    run text NOT NULL,
    intent_seq bigint NOT NULL,
    target text NOT NULL,
    ref_sha256 text
  );

  -- One chain (DESIGN §7): seq and prev unique, so that two appends can never both extend the same entry.
  CREATE TABLE audit (
    seq bigint PRIMARY KEY CHECK (seq > 0),
    at text COLLATE "C" NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    run text COLLATE "C",
    record text COLLATE "C",
    subject text COLLATE "C",
    category text,
    rule text,
    policy_sha256 text COLLATE "C",
    detail text,
    prev text COLLATE "C" NOT NULL CONSTRAINT audit_prev_unique UNIQUE,
    hash text NOT NULL
  );
  CREATE INDEX audit_record ON audit (record) WHERE record IS NOT NULL;
  CREATE INDEX audit_subject ON audit (subject) WHERE subject IS NOT NULL;
  CREATE INDEX audit_run ON audit (run) WHERE run IS NOT NULL;
  CREATE INDEX audit_policy_warnings ON audit (policy_sha256) WHERE action = 'policy-warnings';
  CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$${APPEND_ONLY_FUNCTION_BODY}$$;
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
  CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

  CREATE TABLE plans (
    sha256 text COLLATE "C" PRIMARY KEY,
    created_at text COLLATE "C" NOT NULL,
    as_of text NOT NULL,
    policy_sha256 text,
    store_id text NOT NULL,
    valid_until text,
    body text NOT NULL
  );

  CREATE TABLE approvals (
    plan_sha256 text NOT NULL REFERENCES plans (sha256),
    approved_by text NOT NULL,
    approved_at text COLLATE "C" NOT NULL,
    note text
  );

  CREATE TABLE confirmations (
    record text NOT NULL,
    by text NOT NULL,
    method text NOT NULL,
    at text NOT NULL,
    note text
  );
  `,
  // Events are history (log-view.ts and rows/events.ts, as in the SQLite store): `source` says
  // whether a date came from `event add` or was kept by an import that no longer listed it.
  // Holds and approvals are read from the log on every run: partial indexes for their entries.
  `
  ALTER TABLE events ADD COLUMN source text NOT NULL DEFAULT 'event-add' CHECK (source IN ('event-add', 'import'));
  CREATE INDEX audit_holds ON audit (seq) WHERE action IN ('hold', 'hold-release');
  CREATE INDEX audit_approvals ON audit (seq) WHERE action = 'approve';
  `,
  // Reconciliation and policy versions (issue 12), as in the SQLite store's migration 7: a
  // record no longer listed by its import, or forgotten for good; the first apply under a new
  // policy version found from an index; each applied version's text kept to compare with.
  `
  ALTER TABLE records ADD COLUMN unlisted_at text, ADD COLUMN forgotten_at text, ADD COLUMN forgotten_by text, ADD COLUMN forget_reason text;
  CREATE INDEX records_unlisted ON records (unlisted_at) WHERE unlisted_at IS NOT NULL;
  CREATE INDEX audit_policy_changed ON audit (policy_sha256) WHERE action = 'policy-changed';
  CREATE TABLE policy_texts (sha256 text COLLATE "C" PRIMARY KEY, text text NOT NULL, kept_at text NOT NULL);
  `,
  // What tells a deleted item from another put at its location later (issue A3; SQLite store: the same column, migration 8).
  `
  ALTER TABLE records ADD COLUMN deleted_fingerprint text;
  `,
  // The events table and the records' deleted state are checked against the log before every
  // apply (log-view-records.ts): partial indexes for their entries.
  `
  CREATE INDEX audit_events ON audit (seq) WHERE action IN ('event', 'event-remove');
  CREATE INDEX audit_deletions ON audit (seq) WHERE action IN ('deleted', 'confirm', 'reappeared', 'forget');
  `,
  // Records imported while a run deletes (SQLite store: the same index, its last migration).
  `
  CREATE INDEX records_imported ON records (imported_at);
  `,
  // Records imported while a run deletes are looked for only when an import entry came after
  // the run began (postgres-journal.ts): keeping records_imported up to date was about a quarter
  // of the server's work in a million-record import, for a question a tiny index answers.
  `
  DROP INDEX records_imported;
  CREATE INDEX audit_imports ON audit (seq) WHERE action = 'import';
  `,
];

/** The schema version this tool writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The triggers that make the audit table append-only, and the function they run; `audit verify` checks both. */
export const APPEND_ONLY_TRIGGERS = ['audit_no_update', 'audit_no_delete', 'audit_no_truncate'] as const;
export const APPEND_ONLY_FUNCTION = { name: 'audit_append_only', body: APPEND_ONLY_FUNCTION_BODY } as const;

export const MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('retention migrate ' || current_schema(), 0))";

/** The store's schema version; 0 when it has none (no schema_migrations table). */
export async function schemaVersion(sql: Sql): Promise<number> {
  const { rows: table } = await sql.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!table[0]?.present) return 0;
  const { rows } = await sql.query<{ version: number }>('SELECT COALESCE(max(version), 0) AS version FROM schema_migrations');
  return rows[0]?.version ?? 0;
}

/**
 * Brings the store to SCHEMA_VERSION, each migration in its own transaction under an advisory
 * lock (two hosts upgrading at once: the second waits, then finds the work done), and gives a
 * new store its random `store_id`. A store written by a newer version is refused.
 */
export async function migrate(session: PgSession): Promise<void> {
  for (;;) {
    const done = await session.transaction(async (sql) => {
      await sql.query(MIGRATION_LOCK);
      const version = await schemaVersion(sql);
      if (version > SCHEMA_VERSION) throw newerSchema(session.shown, version);
      const next = MIGRATIONS[version];
      if (next === undefined) return true;
      if (version === 0) await sql.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
      await sql.query(next);
      if (version === 0) await sql.query("INSERT INTO meta (key, value) VALUES ('store_id', $1)", [randomUUID()]);
      await sql.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, new Date().toISOString()]);
      return false;
    });
    if (done) return;
  }
}

export function newerSchema(store: string, version: number): RetentionError {
  return new RetentionError(
    'store.newer-schema',
    `the store ${store} has schema version ${version}, newer than this tool knows (${SCHEMA_VERSION}); upgrade retention`,
  );
}
