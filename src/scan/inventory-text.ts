/**
 * Records as an inventory file that `inventory import` reads back to the same records: CSV
 * (the standard five columns, then the given event and flag columns) or JSON Lines. Cells are
 * written as they are: an inventory is data for the tool, and an apostrophe added against
 * spreadsheet formulas (csv-output.ts) would change the id or subject on re-import.
 */
import { extname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { InventoryRecord } from '../engine/types.js';
import { usageError } from '../errors.js';
import { STANDARD_COLUMNS } from '../inventory/csv-header.js';

export type InventoryTextFormat = 'csv' | 'jsonl';

const FORMATS: ReadonlyMap<string, InventoryTextFormat> = new Map([
  ['.csv', 'csv'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
]);

/** The format `--out FILE` asks for by its extension. */
export function inventoryTextFormat(file: string, flag: string): InventoryTextFormat {
  const format = FORMATS.get(extname(file).toLowerCase());
  if (format) return format;
  throw usageError('usage.bad-value', `${flag} ${file}: the name must end in .csv or .jsonl (the inventory's format)`, {
    flag,
    value: file,
  });
}

/** Writes a header (CSV) and then batches of records, each as text. */
export function inventoryText(
  format: InventoryTextFormat,
  columns: readonly string[],
): { header: string; batch: (records: readonly InventoryRecord[]) => string } {
  if (format === 'jsonl') {
    return { header: '', batch: (records) => records.map((r) => `${JSON.stringify(jsonOf(r))}\n`).join('') };
  }
  const extra = columns.slice(STANDARD_COLUMNS.length);
  return {
    header: stringify([[...columns]]),
    batch: (records) =>
      records
        .map((r) =>
          csvLine([r.id, r.subject ?? '', r.category, r.created ?? '', r.location ?? '', ...extra.map((name) => cellOf(r, name))]),
        )
        .join(''),
  };
}

/** A cell csv-stringify writes as it is: nothing in it to quote. */
const PLAIN_CELL = /^[^,"\r\n]*$/;

/**
 * One row as csv-stringify writes it. Most rows of a scan have nothing to quote, and joining
 * them is a tenth of a million-file scan's time saved; a row with anything to quote goes to
 * csv-stringify (test/scan/inventory-text.test.ts holds the two to the same text).
 */
export function csvLine(cells: readonly string[]): string {
  return cells.every((cell) => PLAIN_CELL.test(cell)) ? `${cells.join(',')}\n` : stringify([cells]);
}

function cellOf(record: InventoryRecord, name: string): string {
  const flag = record.flags[name];
  return flag === undefined ? (record.events[name] ?? '') : String(flag);
}

function jsonOf(r: InventoryRecord) {
  return { id: r.id, subject: r.subject, category: r.category, created: r.created, location: r.location, events: r.events, flags: r.flags };
}
