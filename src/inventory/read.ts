/**
 * Reading inventory files (DESIGN §5): CSV, a JSON array or JSON Lines, streamed in batches so
 * memory does not grow with the file. The first problem stops the read with an input error that
 * names the file as given and the line.
 */
import type { InventoryRecord } from '../engine/types.js';
import { readCsvRecords } from './csv-reader.js';
import { detectFormat, type InventoryFormat } from './format.js';
import { readJsonArrayRecords } from './json-array-reader.js';
import { readJsonLinesRecords } from './json-lines-reader.js';
import { inventoryError, lineOf } from './problem.js';
import type { RecordReader } from './reader.js';

export { detectFormat, type InventoryFormat };

export interface ReadInventoryOptions {
  /** Columns of a CSV that hold yes/no flags (the `hold_while` names of the policy); other extra columns are event dates. */
  flagNames: ReadonlySet<string>;
  /** Records per batch; 1000 unless given. */
  batchSize?: number;
}

const READERS: Record<InventoryFormat, RecordReader> = {
  csv: readCsvRecords,
  json: readJsonArrayRecords,
  jsonl: readJsonLinesRecords,
};

const DEFAULT_BATCH_SIZE = 1000;

/**
 * The records of the inventory at `path`, in file order, in batches of `batchSize` (the last
 * may be shorter; an empty inventory yields nothing). Throws a RetentionError of kind `input`
 * for a missing file, bad syntax, an impossible date, a missing id or category, a bad flag or
 * an id seen before; batches yielded before the error stand, so a caller that must be
 * all-or-nothing keeps its writes in one transaction.
 */
export async function* readInventory(path: string, options: ReadInventoryOptions): AsyncIterable<InventoryRecord[]> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const source = READERS[await detectFormat(path)](path, options.flagNames);
  const firstPlaceOfId = new Map<string, number>();
  let batch: InventoryRecord[] = [];
  for await (const placed of source.records) {
    for (const { record, place } of placed) {
      const firstPlace = firstPlaceOfId.get(record.id);
      if (firstPlace !== undefined) {
        const [first = 1, again = 1] = await source.linesOf([firstPlace, place]);
        throw inventoryError(lineOf(path, again), `duplicate id ${JSON.stringify(record.id)}, first seen on line ${first}`, 'every record needs its own id');
      }
      firstPlaceOfId.set(record.id, place);
      batch.push(record);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Every record of a small inventory at once; same checks and errors as `readInventory`. */
export async function readAllInventory(path: string, options: ReadInventoryOptions): Promise<InventoryRecord[]> {
  const records: InventoryRecord[] = [];
  for await (const batch of readInventory(path, options)) for (const record of batch) records.push(record);
  return records;
}
