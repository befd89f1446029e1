import { readCsvHeader, STANDARD_COLUMNS, type CsvLayout } from './csv-header.js';
import { csvStartLines } from './csv-lines.js';
import { quoteFreeRows, type QuoteFreeProgress } from './csv-quote-free.js';
import { csvCellsToRecord } from './csv-record.js';
import { referenceRows, type ReferenceProgress } from './csv-reference.js';
import { faultAt, inventoryError, lineOf, RecordFault } from './problem.js';
import type { InventoryRecord } from '../engine/types.js';
import type { PlacedBatch, RecordReader } from './reader.js';
import type { InventoryInput } from './input.js';

/**
 * Reads a CSV inventory (header on line 1; BOM, CRLF and quoted fields handled; blank lines
 * skipped). The rows come the fast way while the file has no quote (csv-quote-free.ts), and
 * from csv-parse from there on, or from the start again when the fast way meets a row it does
 * not read (a field count that is off): then csv-parse names the error and its line. A
 * record's place is its ordinal; its line is looked up only when needed.
 */
export const readCsvRecords: RecordReader = (input, flagNames) => ({
  records: streamCsvRecords(input, flagNames),
  linesOf: (ordinals) => csvStartLines(input, ordinals),
});

async function* streamCsvRecords(input: InventoryInput, flagNames: ReadonlySet<string>): AsyncGenerator<PlacedBatch> {
  const path = input.name;
  let layout: CsvLayout | undefined;
  let ordinal = 0;
  let handOver = false;
  const quoteFree: QuoteFreeProgress = { complete: false };
  rows: for await (const rows of quoteFreeRows(input, quoteFree)) {
    const records: InventoryRecord[] = [];
    const places: number[] = [];
    for (const cells of rows) {
      if (layout === undefined) {
        layout = readCsvHeader(cells, flagNames, path);
        continue;
      }
      if (cells.length !== layout.names.length) {
        handOver = true;
        if (records.length > 0) yield { records, places };
        break rows;
      }
      ordinal += 1;
      records.push(toRecord(cells, layout) ?? (await faultAtRecord(input, cells, layout, ordinal)));
      places.push(ordinal);
    }
    if (records.length > 0) yield { records, places };
  }
  if (handOver || !quoteFree.complete) {
    const reference: ReferenceProgress = {};
    for await (const rows of referenceRows(input, flagNames, ordinal, reference)) {
      const records: InventoryRecord[] = [];
      const places: number[] = [];
      for (const cells of rows) {
        ordinal += 1;
        records.push(toRecord(cells, reference.layout!) ?? (await faultAtRecord(input, cells, reference.layout!, ordinal)));
        places.push(ordinal);
      }
      yield { records, places };
    }
    layout = reference.layout;
  }
  if (!layout)
    throw inventoryError(
      lineOf(path, 1),
      'inventory.empty',
      `the file is empty — the header must start with ${STANDARD_COLUMNS.join(',')}`,
    );
}

/** The record of a row, or null when its cells have a fault (faultAtRecord says which, and where). */
function toRecord(cells: readonly string[], layout: CsvLayout): InventoryRecord | null {
  try {
    return csvCellsToRecord(cells, layout);
  } catch (error) {
    if (error instanceof RecordFault) return null;
    throw error;
  }
}

/** Throws the input error for the fault in row `ordinal`, at the line the row starts on. */
async function faultAtRecord(input: InventoryInput, cells: readonly string[], layout: CsvLayout, ordinal: number): Promise<never> {
  try {
    csvCellsToRecord(cells, layout);
  } catch (error) {
    if (!(error instanceof RecordFault)) throw error;
    const [line = 1] = await csvStartLines(input, [ordinal]);
    throw faultAt(error, lineOf(input.name, line));
  }
  throw new Error(`record ${ordinal} was refused, then accepted (this is a bug)`);
}
