import type { InventoryRecord } from '../engine/types.js';
import type { CsvLayout } from './csv-header.js';
import { optionalText, requireDate, requireNonEmpty } from './fields.js';
import { RecordFault } from './problem.js';

// A Map, not an object literal: `FLAG_WORDS['constructor']` must not find Object's.
const FLAG_WORDS = new Map<string, boolean>([
  ...['true', 'yes', 'y', '1'].map((word) => [word, true] as const),
  ...['false', 'no', 'n', '0'].map((word) => [word, false] as const),
]);

/**
 * Turns one CSV row (column name → cell text) into a record. Empty optional cells become null,
 * empty event and flag cells are left out (not happened / not set).
 */
export function csvRowToRecord(row: Readonly<Record<string, string>>, layout: CsvLayout): InventoryRecord {
  const created = row.created ?? '';
  return {
    id: requireNonEmpty(row.id ?? '', 'id'),
    subject: optionalText(row.subject, 'subject'),
    category: requireNonEmpty(row.category ?? '', 'category'),
    created: created === '' ? null : requireDate(created, 'created'),
    location: optionalText(row.location, 'location'),
    events: readEventCells(row, layout.events),
    flags: readFlagCells(row, layout.flags),
  };
}

function readEventCells(row: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  const events: Record<string, string> = {};
  for (const name of names) {
    const text = row[name];
    if (text) events[name] = requireDate(text, name);
  }
  return events;
}

function readFlagCells(row: Readonly<Record<string, string>>, names: readonly string[]): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const name of names) {
    const text = row[name];
    if (!text) continue;
    const value = FLAG_WORDS.get(text.toLowerCase());
    if (value === undefined) {
      throw new RecordFault('inventory.bad-flag', `${name} ${JSON.stringify(text)} is not a yes/no flag`, 'use true/false, yes/no, y/n or 1/0, or leave the cell empty');
    }
    flags[name] = value;
  }
  return flags;
}
