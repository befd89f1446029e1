import type { InventoryRecord } from '../engine/types.js';
import type { CsvLayout, ExtraColumn } from './csv-header.js';
import { optionalText, requireDate, requireNonEmpty } from './fields.js';
import { RecordFault } from './problem.js';

// A Map, not an object literal: `FLAG_WORDS['constructor']` must not find Object's.
const FLAG_WORDS = new Map<string, boolean>([
  ...['true', 'yes', 'y', '1'].map((word) => [word, true] as const),
  ...['false', 'no', 'n', '0'].map((word) => [word, false] as const),
]);

/**
 * Turns one CSV row (its cells, in the header's order) into a record. Empty optional cells
 * become null, empty event and flag cells are left out (not happened / not set). The row must
 * have as many cells as the header has columns.
 */
export function csvCellsToRecord(cells: readonly string[], layout: CsvLayout): InventoryRecord {
  const created = cells[3]!;
  return {
    id: requireNonEmpty(cells[0]!, 'id'),
    subject: optionalText(cells[1], 'subject'),
    category: requireNonEmpty(cells[2]!, 'category'),
    created: created === '' ? null : requireDate(created, 'created'),
    location: optionalText(cells[4], 'location'),
    events: readEventCells(cells, layout.events),
    flags: readFlagCells(cells, layout.flags),
  };
}

/** Shared by every record without events or flags (most have no flag set): read, never written. */
const NONE_SET = Object.freeze({});

function readEventCells(cells: readonly string[], columns: readonly ExtraColumn[]): Record<string, string> {
  let events: Record<string, string> | null = null;
  for (const { name, index } of columns) {
    const text = cells[index];
    if (text) (events ??= {})[name] = requireDate(text, name);
  }
  return events ?? NONE_SET;
}

function readFlagCells(cells: readonly string[], columns: readonly ExtraColumn[]): Record<string, boolean> {
  let flags: Record<string, boolean> | null = null;
  for (const { name, index } of columns) {
    const text = cells[index];
    if (!text) continue;
    const value = FLAG_WORDS.get(text.toLowerCase());
    if (value === undefined) {
      throw new RecordFault(
        'inventory.bad-flag',
        `${name} ${JSON.stringify(text)} is not a yes/no flag`,
        'use true/false, yes/no, y/n or 1/0, or leave the cell empty',
      );
    }
    (flags ??= {})[name] = value;
  }
  return flags ?? NONE_SET;
}
