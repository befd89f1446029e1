/**
 * `inventory import --from TARGET --query SQL` (issue 12): the inventory read out of the
 * case-management database itself. The query returns an inventory's columns (`id, subject,
 * category, created, location`, then event and flag columns) and each row is checked by the
 * code that checks a CSV row; a problem names the row (1 for the first) as a CSV names its line.
 * Each target type reads its rows its own way (sqlite-rows.ts, postgres-rows.ts), never able to
 * change the database.
 */
import type { InventoryRecord } from '../engine/types.js';
import { readCsvHeader, type CsvLayout } from '../inventory/csv-header.js';
import { csvCellsToRecord } from '../inventory/csv-record.js';
import { checkAt, lineOf, RecordFault } from '../inventory/problem.js';
import { uniqueRecordBatches } from '../inventory/read.js';
import { placesAreLines, type PlacedBatch } from '../inventory/reader.js';

/** A query's result as a target reads it: its column names, then its rows in batches. */
export interface RowSource {
  readonly columns: readonly string[];
  readonly batches: AsyncIterable<readonly (readonly unknown[])[]>;
  close(): Promise<void> | void;
}

export interface QueriedInventory {
  /** How problems name the source: `query on TARGET`. */
  readonly name: string;
  readonly batches: AsyncIterable<InventoryRecord[]>;
  close(): Promise<void> | void;
}

/** The records of a query's rows; its columns are checked at once, as a CSV header is. */
export function queriedInventory(target: string, rows: RowSource, flagNames: ReadonlySet<string>): QueriedInventory {
  const name = `query on ${target}`;
  const { columns } = rows;
  let layout: CsvLayout;
  try {
    layout = readCsvHeader(columns, flagNames, name, { file: name, line: null, col: null });
  } catch (error) {
    void Promise.resolve(rows.close()).catch(() => undefined);
    throw error;
  }
  async function* placed(): AsyncGenerator<PlacedBatch> {
    let row = 0;
    for await (const values of rows.batches) {
      const records: InventoryRecord[] = [];
      const places: number[] = [];
      for (const value of values) {
        row += 1;
        const at = lineOf(name, row);
        const cells = columns.map((column, i) => checkAt(at, () => cellText(column, value[i])));
        records.push(checkAt(at, () => csvCellsToRecord(cells, layout)));
        places.push(row);
      }
      yield { records, places };
    }
  }
  return { name, batches: uniqueRecordBatches({ records: placed(), linesOf: placesAreLines }, name), close: () => rows.close() };
}

/** A value as the text of a CSV cell: NULL is an empty cell; a number is its digits; anything else is refused. */
function cellText(column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new RecordFault(
    'inventory.wrong-type',
    `column "${column}" holds ${Buffer.isBuffer(value) ? 'binary data' : 'a value that is not text'}`,
    'select the column as text, e.g. CAST(x AS TEXT)',
  );
}
