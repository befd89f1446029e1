/**
 * Reading inventory files (DESIGN §5): CSV, a JSON array or JSON Lines, streamed in batches so
 * memory does not grow with the file. The first problem stops the read with an input error that
 * names the file as given and the line. Open the inventory with `openInventory` (a path, or `-`
 * for stdin), read it as many times as needed, then close it.
 */
import type { InventoryRecord } from '../engine/types.js';
import { readCsvRecords } from './csv-reader.js';
import { detectFormat, type InventoryFormat } from './format.js';
import { readJsonArrayRecords } from './json-array-reader.js';
import { readJsonLinesRecords } from './json-lines-reader.js';
import { openInventory, type InventoryInput } from './input.js';
import { inventoryError, lineOf } from './problem.js';
import type { RecordReader, RecordSource } from './reader.js';
import { SeenIds } from './seen-ids.js';

export { detectFormat, openInventory, type InventoryFormat, type InventoryInput };

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
 * The records of `input`, in file order, in batches of `batchSize` (the last may be shorter;
 * an empty inventory yields nothing). Each call reads the input from its start. Throws a
 * RetentionError of kind `input` for bad syntax, an impossible date, a missing id or category,
 * a bad flag, ill-formed text, an id seen before, or a file that changed while it was read;
 * batches yielded before the error stand, so a caller that must be all-or-nothing keeps its
 * writes in one transaction.
 */
export async function* readInventory(input: InventoryInput, options: ReadInventoryOptions): AsyncIterable<InventoryRecord[]> {
  await input.checkUnchanged();
  const source = READERS[await detectFormat(input)](input, options.flagNames);
  // Before the last batch: a caller that commits at the end must not commit a changed file.
  yield* uniqueRecordBatches(source, input.name, options.batchSize, () => input.checkUnchanged());
}

/**
 * The records of `source` in batches of `batchSize` (1000 unless given), refusing an id seen
 * before (`inventory.duplicate-id`, naming both lines of `name`). `beforeLast` runs after the
 * source ends and before the last batch is yielded. Every inventory source goes through here
 * (a file, the rows of a query), so all are held to the same rules.
 */
export async function* uniqueRecordBatches(
  source: RecordSource,
  name: string,
  batchSize = DEFAULT_BATCH_SIZE,
  beforeLast: () => Promise<void> = async () => {},
): AsyncIterable<InventoryRecord[]> {
  const size = Math.max(1, batchSize);
  const seen = new SeenIds();
  let batch: InventoryRecord[] = [];
  for await (const { records, places } of source.records) {
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const place = places[i]!;
      const firstPlace = seen.firstPlaceOf(record.id, place);
      if (firstPlace !== undefined) {
        const [first = 1, again = 1] = await source.linesOf([firstPlace, place]);
        throw inventoryError(
          lineOf(name, again),
          'inventory.duplicate-id',
          `duplicate id ${JSON.stringify(record.id)}, first seen on line ${first}`,
          'every record needs its own id',
        );
      }
      batch.push(record);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  await beforeLast();
  if (batch.length > 0) yield batch;
}

/** Every record of the small inventory at `path` at once; same checks and errors as `readInventory`. */
export async function readAllInventory(path: string, options: ReadInventoryOptions): Promise<InventoryRecord[]> {
  const input = await openInventory(path);
  try {
    const records: InventoryRecord[] = [];
    for await (const batch of readInventory(input, options)) for (const record of batch) records.push(record);
    return records;
  } finally {
    await input.close();
  }
}
