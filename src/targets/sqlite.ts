/**
 * `sqlite` targets: one table in a SQLite database, a record being the row whose key column
 * equals the ref. Table and key come from the config and are checked as identifiers, then
 * double-quoted; the ref is only ever a bound parameter (DESIGN §6).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Type, type Static } from '@sinclair/typebox';
import { usageError } from '../errors.js';
import { IDENTIFIER_PATTERN } from '../policy/schema.js';
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

const IDENTIFIER = new RegExp(IDENTIFIER_PATTERN);

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
    if (bad.length > 0) throw usageError(`target "${name}": ${bad.join('; ')}`);
    const file = path.resolve(baseDir, config.database);
    let db: Database.Database;
    try {
      db = new Database(file, { fileMustExist: true });
    } catch (err) {
      throw usageError(`target "${name}": cannot open database ${file}: ${(err as Error).message}`);
    }
    let problem: string | null;
    try {
      db.pragma('busy_timeout = 5000');
      problem = missingTableOrColumn(db, config);
    } catch (err) {
      problem = `cannot read database ${file}: ${(err as Error).message}`;
    }
    if (problem) {
      db.close();
      throw usageError(`target "${name}": ${problem}`);
    }
    return new SqliteTarget(name, db, config);
  },
};

function identifierProblems(config: SqliteConfig): string[] {
  const problems: string[] = [];
  for (const field of ['table', 'key'] as const) {
    if (!IDENTIFIER.test(config[field])) {
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

class SqliteTarget implements Target {
  readonly type = 'sqlite';
  private readonly deleteRows: Database.Statement<[string]>;
  private readonly findRow: Database.Statement<[string]>;
  private readonly deleteOne: (ref: string) => number;

  constructor(
    readonly name: string,
    private readonly db: Database.Database,
    { table, key }: SqliteConfig,
  ) {
    this.deleteRows = db.prepare(`DELETE FROM "${table}" WHERE "${key}" = ?`);
    this.findRow = db.prepare(`SELECT 1 FROM "${table}" WHERE "${key}" = ? LIMIT 1`);
    // Nested in the batch transaction this is a savepoint: a ref matching several rows (a key
    // column that is not unique) is rolled back instead of deleting more than one record.
    this.deleteOne = db.transaction((ref: string) => {
      const { changes } = this.deleteRows.run(ref);
      if (changes > 1) throw new KeyNotUnique(`refused: key matches ${changes} rows`);
      return changes;
    });
  }

  async deleteBatch(refs: readonly string[]): Promise<TargetOutcome[]> {
    const runBatch = this.db.transaction(() => refs.map((ref) => this.deleteRef(ref)));
    try {
      return runBatch.immediate();
    } catch (err) {
      // The transaction itself failed (busy, disk full...): nothing in it was kept.
      const error = `transaction failed: ${(err as Error).message}`;
      return refs.map((ref) => ({ ref, outcome: 'failed', error }));
    }
  }

  private deleteRef(ref: string): TargetOutcome {
    try {
      return { ref, outcome: this.deleteOne(ref) === 0 ? 'absent' : 'deleted' };
    } catch (err) {
      // Some errors (busy, full, I/O) make SQLite roll the whole transaction back; carrying on
      // would run the remaining deletes outside it, so abandon the batch instead.
      if (!this.db.inTransaction) throw err;
      const error = err instanceof KeyNotUnique ? err.message : `delete failed: ${(err as Error).message}`;
      return { ref, outcome: 'failed', error };
    }
  }

  async exists(ref: string): Promise<boolean> {
    return this.findRow.get(ref) !== undefined;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
