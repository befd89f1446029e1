/**
 * `sqlite` targets: one table in a SQLite database, a record being the row whose key column
 * equals the ref exactly. Table and key come from the config and are checked as identifiers,
 * then double-quoted; the ref is only ever a bound parameter (DESIGN §6).
 *
 * Only the row the ref names is deleted (issue A1): its key must equal the ref as text, byte
 * for byte, and be TEXT or INTEGER. SQLite's own `=` would let `5.0` or `05` find the INTEGER
 * key 5, and `ABC` the row `abc` of a NOCASE column; such a row is "similar": never deleted,
 * and never taken for a sign that the ref's own row is already absent.
 *
 * And exactly one row goes (issue A6): each deletion runs in a savepoint, and SQLite's count of
 * every row changed on the connection (total_changes(), which counts foreign-key cascades and
 * trigger writes, unlike a statement's `changes`) must grow by exactly one, or the deletion is
 * rolled back: the log never holds one `deleted` entry for several records' rows.
 *
 * "Already absent" is believed only where the table visibly holds this data (issue A7): not
 * from an empty table (a wrong, new or emptied database), nor where a row's key differs from
 * the ref only by case, Unicode form, hidden characters or as a number (`crm:abc-1` against
 * the row `ABC-1`).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { environmentError } from '../errors.js';
import { errnoCode, messageOf } from '../error-details.js';
import { countOf } from '../plural.js';
import { sha256Hex } from '../sha256.js';
import { foldName } from '../similar-names.js';
import { EMPTY_TABLE, NOT_PLAIN, PLAIN_INTEGER, SIMILAR_KEY } from './row-doubts.js';
import { isIdentifier } from '../vocabulary.js';
import { sqliteFiles, type OwnFile, type OwnFiles } from './own-files.js';
import type { FoundAgain, Target, TargetOutcome, TargetType } from './types.js';

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
  check: identifierProblems,
  ownFiles(config, baseDir): OwnFile[] {
    return sqliteFiles(path.resolve(baseDir, config.database)).map((file) => ({ path: file, role: 'target database' }));
  },
  async open(name, config, baseDir, own) {
    const bad = identifierProblems(config);
    if (bad.length > 0) throw environmentError('target.unusable', `target "${name}": ${bad.join('; ')}`, { target: name });
    const file = path.resolve(baseDir, config.database);
    if (isTheStore(file, own)) {
      throw environmentError(
        'target.unusable',
        `target "${name}": its database ${file} is retention's own store, whose records and log no target may delete`,
        { target: name },
      );
    }
    let db: Database.Database;
    try {
      db = new Database(file, { fileMustExist: true });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    } catch (err) {
      // fileMustExist makes a missing file SQLite's vague "unable to open database file".
      const why = fs.existsSync(file) ? `cannot open database ${file}: ${messageOf(err)}` : `database ${file} does not exist`;
      throw environmentError('target.unusable', `target "${name}": ${why}`, { target: name });
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

/** Whether `file` is the tool's own store (by identity: another name or link of it counts). */
function isTheStore(file: string, own: OwnFiles): boolean {
  try {
    const stats = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
    return stats !== undefined && own.roleOf(stats) === 'store';
  } catch {
    return false;
  }
}

/** What is missing for `DELETE FROM table WHERE key = ?` to make sense; null when nothing. */
function missingTableOrColumn(db: Database.Database, { table, key }: SqliteConfig): string | null {
  const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[];
  if (columns.length === 0) return `table "${table}" not found`;
  if (!columns.some((c) => c.name === key)) return `table "${table}" has no column "${key}"`;
  return null;
}

/** Thrown inside a row's savepoint to roll its deletion back; the message is the outcome's error. */
class RowRefused extends Error {}

interface Statements {
  /** Rows whose key is the ref exactly (see exactKey). */
  exactRows: Database.Statement<{ ref: string }, number>;
  /** Rows SQLite's own `=` finds (type affinity, the column's collation): the exact one, and any alias. */
  aliases: Database.Statement<{ ref: string }, number>;
  /** The rows whose key is the ref exactly, each as its values in column order, integers as bigints. */
  exactValues: Database.Statement<{ ref: string }, unknown[]>;
  anyRow: Database.Statement<[], number>;
  keysAsText: Database.Statement<[], string | null>;
  /** A value that changes whenever this connection or another writes to the database. */
  writeStamp: () => string;
  deleteBatch: (refs: readonly string[]) => TargetOutcome[];
}

/**
 * The key equals the ref as text, byte for byte: the first term finds the row through the key's
 * index (with the column's affinity and collation), the others keep it only if it is the very
 * value — BINARY, same text, TEXT or INTEGER (a REAL key is never matched).
 */
function exactKey(key: string): string {
  return `"${key}" = @ref AND "${key}" = @ref COLLATE BINARY AND CAST("${key}" AS TEXT) = @ref AND typeof("${key}") IN ('text', 'integer')`;
}

class SqliteTarget implements Target {
  readonly type = 'sqlite';
  private statements: Statements | null = null;
  /**
   * Set once the database stayed locked for a whole busy timeout: the rest of the run fails
   * this target's records at once instead of waiting again for each batch and each check.
   */
  private unavailable: string | null = null;
  /** Whether this run deleted a row here: an empty table is then no sign of a wrong database. */
  private deletedAny = false;
  /** Whether the key column has INTEGER affinity; read on first use (see notPlain). */
  private integerKey: boolean | null = null;
  /** The table's keys folded, with the write stamp they were read at (see foldedKeys). */
  private folded: { readonly stamp: string; readonly keys: ReadonlySet<string> } | null = null;

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

  async tidy(): Promise<void> {}

  /** Statements are prepared on first use: preparing reads the schema, which a lock can block. */
  private prepared(): Statements {
    if (this.statements) return this.statements;
    const { table, key } = this.config;
    const deleteRows = this.db.prepare<{ ref: string }>(`DELETE FROM "${table}" WHERE ${exactKey(key)}`);
    const totalChanges = this.db.prepare<[], number>('SELECT total_changes()').pluck();
    // Nested in the batch transaction this is a savepoint: a ref matching several rows (a key
    // column that is not unique), or whose deletion cascades, is rolled back alone.
    const exactValues = this.db
      .prepare<{ ref: string }, unknown[]>(`SELECT * FROM "${table}" WHERE ${exactKey(key)} LIMIT 2`)
      .raw()
      .safeIntegers();
    const deleteOne = this.db.transaction((ref: string): { changes: number; fingerprint: string | null } => {
      const [row] = exactValues.all({ ref });
      const before = totalChanges.get() ?? 0;
      const { changes } = deleteRows.run({ ref });
      if (changes > 1) throw new RowRefused(`refused: key matches ${changes} rows`);
      const others = (totalChanges.get() ?? 0) - before - changes;
      if (others > 0) {
        throw new RowRefused(
          `refused: deleting it would also delete or change ${countOf(others, 'other row')} (a foreign-key cascade or a trigger); nothing was deleted`,
        );
      }
      return { changes, fingerprint: row === undefined ? null : rowFingerprint(row) };
    });
    const batch = this.db.transaction((refs: readonly string[]) => refs.map((ref) => this.deleteRef(ref, deleteOne)));
    this.statements = {
      exactRows: this.db.prepare<{ ref: string }, number>(`SELECT count(*) FROM "${table}" WHERE ${exactKey(key)}`).pluck(),
      aliases: this.db.prepare<{ ref: string }, number>(`SELECT count(*) FROM "${table}" WHERE "${key}" = @ref`).pluck(),
      exactValues,
      anyRow: this.db.prepare<[], number>(`SELECT 1 FROM "${table}" LIMIT 1`).pluck(),
      keysAsText: this.db.prepare<[], string | null>(`SELECT CAST("${key}" AS TEXT) FROM "${table}"`).pluck(),
      writeStamp: () => `${String(this.db.pragma('data_version', { simple: true }))}:${totalChanges.get() ?? 0}`,
      deleteBatch: (refs) => batch.immediate(refs),
    };
    return this.statements;
  }

  private deleteRef(ref: string, deleteOne: (ref: string) => { changes: number; fingerprint: string | null }): TargetOutcome {
    if (this.notPlain(ref)) return { ref, outcome: 'failed', error: NOT_PLAIN };
    try {
      const { changes, fingerprint } = deleteOne(ref);
      if (changes > 0) {
        this.deletedAny = true;
        return { ref, outcome: 'deleted', fingerprint };
      }
      const doubt = this.doubtAboutMiss(ref);
      return doubt === null ? { ref, outcome: 'absent' } : { ref, outcome: 'failed', error: doubt };
    } catch (err) {
      // Some errors (busy, full, I/O) make SQLite roll the whole transaction back; carrying on
      // would run the remaining deletes outside it, so abandon the batch instead.
      if (!this.db.inTransaction) throw err;
      const error = err instanceof RowRefused ? err.message : `delete failed: ${messageOf(err)}`;
      return { ref, outcome: 'failed', error };
    }
  }

  /**
   * Whether the key column has INTEGER affinity (its declared type says INT) and `ref` is not
   * an integer's own decimal text: `0x8` finds no row there, yet is no sign that row 8 is gone.
   */
  private notPlain(ref: string): boolean {
    if (this.integerKey === null) {
      const columns = this.db.prepare(`PRAGMA table_info("${this.config.table}")`).all() as { name: string; type: string }[];
      this.integerKey = columns.some((c) => c.name === this.config.key && c.type.toUpperCase().includes('INT'));
    }
    return this.integerKey && !PLAIN_INTEGER.test(ref);
  }

  /** Why a ref with no exact row is not believed to be absent; null when it is. */
  private doubtAboutMiss(ref: string): string | null {
    const s = this.prepared();
    // A table this run emptied is no sign of a wrong database.
    if (s.anyRow.get() === undefined && !this.deletedAny) return EMPTY_TABLE;
    if ((s.aliases.get({ ref }) ?? 0) > 0) return SIMILAR_KEY;
    return this.foldedKeys(s).has(foldName(ref)) ? SIMILAR_KEY : null;
  }

  /**
   * Every key of the table, folded (foldName): one read of the key column, kept while nobody
   * writes to the database, so that a batch of misses, or settling a thousand rows, reads it once.
   */
  private foldedKeys(s: Statements): ReadonlySet<string> {
    const stamp = s.writeStamp();
    if (this.folded?.stamp === stamp) return this.folded.keys;
    const keys = new Set<string>();
    for (const key of s.keysAsText.iterate()) if (key !== null) keys.add(foldName(key));
    this.folded = { stamp, keys };
    return keys;
  }

  /** true when the row is there; false only when its absence is believed (no similar row); otherwise 'unknown'. */
  async exists(ref: string): Promise<boolean | 'unknown'> {
    if (this.unavailable !== null) return 'unknown';
    try {
      if (this.notPlain(ref)) return 'unknown';
      if ((this.prepared().exactRows.get({ ref }) ?? 0) > 0) return true;
      return this.doubtAboutMiss(ref) === null ? false : 'unknown';
    } catch (err) {
      this.givesUpWhenLocked(err);
      return 'unknown';
    }
  }

  async findAgain(ref: string, fingerprint: string | null): Promise<FoundAgain> {
    if (this.unavailable !== null) return 'none';
    try {
      const rows = this.prepared().exactValues.all({ ref });
      const [row] = rows;
      if (row === undefined || rows.length > 1) return 'none';
      if (fingerprint === null) return 'unverified';
      return rowFingerprint(row) === fingerprint ? 'same' : 'different';
    } catch (err) {
      this.givesUpWhenLocked(err);
      return 'none';
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

/**
 * A SHA-256 of a row's values in column order, each with its type, so that text "5" and the
 * integer 5, or a NULL and an empty text, differ: the same row put back (a restored backup)
 * gives the same fingerprint; a new client's row at a reused key does not (issue A3).
 */
function rowFingerprint(values: readonly unknown[]): string {
  const parts = values.map((value) => {
    if (value === null) return 'n';
    if (typeof value === 'bigint') return `i${value}`;
    if (typeof value === 'number') return `r${Buffer.from(new Float64Array([value]).buffer).toString('hex')}`;
    if (typeof value === 'string') return `t${value.length}:${value}`;
    if (Buffer.isBuffer(value)) return `b${value.length}:${value.toString('hex')}`;
    // SQLite hands out no other kinds of value; the kind alone still makes a stable fingerprint.
    return `?${typeof value}`;
  });
  return `row:${sha256Hex(parts.join('\u0000'))}`;
}

function failAll(refs: readonly string[], error: string): TargetOutcome[] {
  return refs.map((ref) => ({ ref, outcome: 'failed', error }));
}
