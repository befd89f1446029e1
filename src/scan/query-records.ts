/**
 * `inventory import --from TARGET --query SQL` (issue 12): the inventory read out of the
 * case-management database itself. The query returns an inventory's columns (`id, subject,
 * category, created, location`, then event and flag columns) and each row is checked by the
 * code that checks a CSV row; a problem names the row (1 for the first) as a CSV names its line.
 * The database is opened read-only, so no query can change it.
 */
import type Database from 'better-sqlite3';
import type { TargetConfig } from '../config/load.js';
import type { InventoryRecord } from '../engine/types.js';
import { environmentError, usageError } from '../errors.js';
import { messageOf } from '../error-details.js';
import { readCsvHeader } from '../inventory/csv-header.js';
import { csvRowToRecord } from '../inventory/csv-record.js';
import { checkAt, lineOf, RecordFault } from '../inventory/problem.js';
import { uniqueRecordBatches } from '../inventory/read.js';
import { placesAreLines, type PlacedRecord } from '../inventory/reader.js';
import { isSqliteConfig, openSqliteReadOnly } from '../targets/sqlite.js';

const ROWS_PER_BATCH = 1000;

export interface QueriedInventory {
  /** How problems name the source: `query on TARGET`. */
  readonly name: string;
  readonly batches: AsyncIterable<InventoryRecord[]>;
  close(): void;
}

/**
 * Prepares `sql` on the target's database; its rows are read as the batches are consumed.
 * A query that does not parse or returns no rows is a usage error; its columns are checked at once.
 */
export function queryInventory(target: string, config: TargetConfig, baseDir: string, sql: string, flagNames: ReadonlySet<string>): QueriedInventory {
  if (!isSqliteConfig(config)) throw environmentError('target.unusable', `target "${target}" is not a valid sqlite target`, { target });
  const name = `query on ${target}`;
  const db = openSqliteReadOnly(target, config, baseDir);
  try {
    let prepared: Database.Statement<unknown[], unknown[]>;
    try {
      prepared = db.prepare<unknown[], unknown[]>(sql);
    } catch (err) {
      throw usageError('usage.bad-value', `--query: SQLite cannot run it: ${messageOf(err)}`, { flag: '--query' });
    }
    if (!prepared.reader) throw usageError('usage.bad-value', '--query must return rows (a SELECT); the database is only ever read', { flag: '--query' });
    const statement = prepared.raw();
    const columns = statement.columns().map((column) => column.name);
    const layout = readCsvHeader(columns, flagNames, name, { file: name, line: null, col: null });
    async function* placed(): AsyncGenerator<PlacedRecord[]> {
      let row = 0;
      let batch: PlacedRecord[] = [];
      for (const values of readRows(target, statement)) {
        row += 1;
        const cells = Object.create(null) as Record<string, string>;
        columns.forEach((column, i) => (cells[column] = checkAt(lineOf(name, row), () => cellText(column, values[i]))));
        batch.push({ record: checkAt(lineOf(name, row), () => csvRowToRecord(cells, layout)), place: row });
        if (batch.length >= ROWS_PER_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
    return { name, batches: uniqueRecordBatches({ records: placed(), linesOf: placesAreLines }, name), close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The rows of `statement`; SQLite failing half-way (locked, damaged) is the machine's problem, not a bug. */
function* readRows(target: string, statement: Database.Statement<unknown[], unknown[]>): Generator<unknown[]> {
  const rows = statement.iterate();
  try {
    for (;;) {
      let next: IteratorResult<unknown[]>;
      try {
        next = rows.next();
      } catch (err) {
        throw environmentError('target.unusable', `target "${target}": reading the query's rows failed: ${messageOf(err)}`, { target });
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // A read stopped early (a bad row) must free the connection, or it cannot be closed.
    rows.return?.();
  }
}

/** A value as the text of a CSV cell: NULL is an empty cell; a number is its digits; a blob is refused. */
function cellText(column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new RecordFault('inventory.wrong-type', `column "${column}" holds binary data, not text`, 'select the column as text, e.g. CAST(x AS TEXT)');
}
