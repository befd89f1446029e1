/**
 * The fast way in for an import's new records, which most of a big import's are: GROUP rows
 * per INSERT statement. A million single-row statements cost a third more than the B-tree
 * work itself, in binding, stepping and one result object each.
 */
import Database from 'better-sqlite3';
import type { InventoryRecord } from '../engine/types.js';
import { CONTENT_COLUMNS, recordContent } from './rows/records.js';

/** Rows per statement: past a few dozen the statement's own cost is lost in the rows'. */
export const GROUP = 32;

/**
 * The page cache of a connection that imports (64 MB, the default is 2 MB): a million inserts
 * rewrite far fewer pages, and a plan, which reads each page once, stays small.
 */
export const IMPORT_PAGE_CACHE = 'cache_size = -65536';

const COLUMNS = [...CONTENT_COLUMNS, 'imported_at'] as const;
const ROW = `(${COLUMNS.map(() => '?').join(', ')})`;

/**
 * GROUP rows, each a RecordContent, all with `imported_at = @now` (one named parameter, bound
 * once per group, not GROUP times). No ON CONFLICT: a row the store has fails the statement,
 * which SQLite undoes whole (the transaction goes on), so a group is inserted whole or not at all.
 */
export const INSERT_GROUP_SQL = `INSERT INTO records (${COLUMNS.join(', ')}) VALUES ${new Array(GROUP)
  .fill(`(${CONTENT_COLUMNS.map(() => '?').join(', ')}, @now)`)
  .join(', ')}`;

/** One row, a RecordContent then its `imported_at`; a row the store has is left as it is (no change). */
export const INSERT_ONE_SQL = `INSERT INTO records (${COLUMNS.join(', ')}) VALUES ${ROW} ON CONFLICT (id) DO NOTHING`;

export class NewRecordGroups {
  private readonly insert: Database.Statement<unknown[]>;
  /** One array of GROUP rows' parameters, filled afresh for each group. */
  private readonly parameters: unknown[] = new Array<unknown>(GROUP * CONTENT_COLUMNS.length);

  constructor(db: Database.Database) {
    this.insert = db.prepare(INSERT_GROUP_SQL);
  }

  /**
   * Inserts the GROUP records of `records` from `from` on, with `imported_at = now`, when the
   * store has none of their ids; returns false, having inserted none, when it has one (the
   * caller then takes them one by one).
   */
  tryInsert(records: readonly InventoryRecord[], from: number, now: string): boolean {
    const parameters = this.parameters;
    let at = 0;
    for (let i = from; i < from + GROUP; i++) {
      for (const value of recordContent(records[i]!)) parameters[at++] = value;
    }
    try {
      // Spread, not an array: better-sqlite3 reads an array's values by generic lookups, a tenth of the insert.
      this.insert.run(...parameters, { now });
      return true;
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw error;
    }
  }
}
