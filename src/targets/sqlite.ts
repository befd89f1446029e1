/**
 * `sqlite` targets: one table in a SQLite database, a record being the row whose key column
 * equals the ref. Table and key come from the config and are checked as identifiers, then
 * double-quoted; the ref is only ever a bound parameter (DESIGN §6).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { environmentError } from '../errors.js';
import { errnoCode, messageOf } from '../error-details.js';
import { isIdentifier } from '../vocabulary.js';
import type { Target, TargetOutcome, TargetType } from './types.js';

const SqliteConfigSchema = Type.Object(
  {
    type: Type.Literal('sqlite'),
    database: Type.String({ minLength: 1 }),
    table: Type.String({ minLength: 1 }),
    key: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type SqliteConfig = Static<typeof SqliteConfigSchema>;

/** Whether a target's config block is a `sqlite` one (the config loader has checked it against the schema). */
export function isSqliteConfig(config: unknown): config is SqliteConfig {
  return Value.Check(SqliteConfigSchema, config);
}

/**
 * The target's database opened read-only, for reading an inventory out of it
 * (`inventory import --from`): no statement given on the command line can change it.
 */
export function openSqliteReadOnly(name: string, config: SqliteConfig, baseDir: string): Database.Database {
  const file = path.resolve(baseDir, config.database);
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (err) {
    throw environmentError('target.unusable', `target "${name}": cannot open database ${file}: ${messageOf(err)}`, { target: name });
  }
}

export const sqliteTargetType: TargetType<SqliteConfig> = {
  type: 'sqlite',
  configSchema: SqliteConfigSchema,
  check(config, baseDir) {
    const problems = identifierProblems(config);
    const database = path.resolve(baseDir, config.database);
    if (!fs.existsSync(database)) problems.push(`database ${database} does not exist`);
    return problems;
  },
  async open(name, config, baseDir) {
    const bad = identifierProblems(config);
    if (bad.length > 0) throw environmentError('target.unusable', `target "${name}": ${bad.join('; ')}`, { target: name });
    const file = path.resolve(baseDir, config.database);
    let db: Database.Database;
    try {
      db = new Database(file, { fileMustExist: true });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    } catch (err) {
      throw environmentError('target.unusable', `target "${name}": cannot open database ${file}: ${messageOf(err)}`, { target: name });
    }
    // Nothing is read yet: the database may be locked, which check() and the deletions handle.
    return new SqliteTarget(name, db, config, file);
  },
};

/** How long a run waits for a database another program holds locked, once per run. */
const BUSY_TIMEOUT_MS = 5000;
const STAYED_LOCKED = `database is locked by another program (waited ${BUSY_TIMEOUT_MS / 1000} s)`;
const LOCKED = `${STAYED_LOCKED}; not deleted, the next run tries again`;

/** SQLite's "busy" and "locked" answers, which come once the busy timeout has passed. */
function isLockedError(err: unknown): boolean {
  const code = errnoCode(err);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function identifierProblems(config: SqliteConfig): string[] {
  const problems: string[] = [];
  for (const field of ['table', 'key'] as const) {
    if (!isIdentifier(config[field])) {
      problems.push(`${field} "${config[field]}" is not a plain identifier (letters, digits and _, not starting with a digit)`);
    }
  }
  return problems;
}

/** What is missing for `DELETE FROM table WHERE key = ?` to make sense; null when nothing. */
function missingTableOrColumn(db: Database.Database, { table, key }: SqliteConfig): string | null {
  const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[];
  if (columns.length === 0) return `table "${table}" not found`;
  if (!columns.some((c) => c.name === key)) return `table "${table}" has no column "${key}"`;
  return null;
}

class KeyNotUnique extends Error {}

interface Statements {
  findRow: Database.Statement<[string]>;
  deleteBatch: (refs: readonly string[]) => TargetOutcome[];
}

class SqliteTarget implements Target {
  readonly type = 'sqlite';
  private statements: Statements | null = null;
  /**
   * Set once the database stayed locked for a whole busy timeout: the rest of the run fails
   * this target's records at once instead of waiting again for each batch and each check.
   */
  private unavailable: string | null = null;

  constructor(
    readonly name: string,
    private readonly db: Database.Database,
    private readonly config: SqliteConfig,
    private readonly file: string,
  ) {}

  async check(): Promise<string[]> {
    try {
      const problem = missingTableOrColumn(this.db, this.config);
      return problem ? [problem] : [];
    } catch (err) {
      if (this.givesUpWhenLocked(err)) return [];
      return [`cannot read database ${this.file}: ${messageOf(err)}`];
    }
  }

  async deleteBatch(refs: readonly string[]): Promise<TargetOutcome[]> {
    if (this.unavailable !== null) return failAll(refs, this.unavailable);
    try {
      return this.prepared().deleteBatch(refs);
    } catch (err) {
      // The transaction itself failed (locked, disk full...): nothing in it was kept.
      return failAll(refs, this.givesUpWhenLocked(err) ? LOCKED : `transaction failed: ${messageOf(err)}`);
    }
  }

  /** Statements are prepared on first use: preparing reads the schema, which a lock can block. */
  private prepared(): Statements {
    if (this.statements) return this.statements;
    const { table, key } = this.config;
    const deleteRows = this.db.prepare<[string]>(`DELETE FROM "${table}" WHERE "${key}" = ?`);
    // Nested in the batch transaction this is a savepoint: a ref matching several rows (a key
    // column that is not unique) is rolled back instead of deleting more than one record.
    const deleteOne = this.db.transaction((ref: string) => {
      const { changes } = deleteRows.run(ref);
      if (changes > 1) throw new KeyNotUnique(`refused: key matches ${changes} rows`);
      return changes;
    });
    const batch = this.db.transaction((refs: readonly string[]) => refs.map((ref) => this.deleteRef(ref, deleteOne)));
    this.statements = {
      findRow: this.db.prepare<[string]>(`SELECT 1 FROM "${table}" WHERE "${key}" = ? LIMIT 1`),
      deleteBatch: (refs) => batch.immediate(refs),
    };
    return this.statements;
  }

  private deleteRef(ref: string, deleteOne: (ref: string) => number): TargetOutcome {
    try {
      return { ref, outcome: deleteOne(ref) === 0 ? 'absent' : 'deleted' };
    } catch (err) {
      // Some errors (busy, full, I/O) make SQLite roll the whole transaction back; carrying on
      // would run the remaining deletes outside it, so abandon the batch instead.
      if (!this.db.inTransaction) throw err;
      const error = err instanceof KeyNotUnique ? err.message : `delete failed: ${messageOf(err)}`;
      return { ref, outcome: 'failed', error };
    }
  }

  async exists(ref: string): Promise<boolean | 'unknown'> {
    if (this.unavailable !== null) return 'unknown';
    try {
      return this.prepared().findRow.get(ref) !== undefined;
    } catch (err) {
      this.givesUpWhenLocked(err);
      return 'unknown';
    }
  }

  unavailableReason(): string | null {
    // Said to a read-only look-up too, so without the deletion's "not deleted".
    return this.unavailable === null ? null : STAYED_LOCKED;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** True (and the target unavailable for the rest of the run) when `err` says the database stayed locked. */
  private givesUpWhenLocked(err: unknown): boolean {
    if (!isLockedError(err)) return false;
    this.unavailable = LOCKED;
    return true;
  }
}

function failAll(refs: readonly string[], error: string): TargetOutcome[] {
  return refs.map((ref) => ({ ref, outcome: 'failed', error }));
}
