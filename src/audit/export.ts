/**
 * Audit export formats (DESIGN §7): JSON Lines with every member, so anyone can re-check
 * the chain with their own tools, and CSV for spreadsheets.
 */
import { stringify } from 'csv-stringify/sync';
import { canonicalJson, type AuditEntry } from './entry.js';

/** One entry as canonical JSON (all members, `hash` included), without a newline. */
export function toJsonLine(entry: AuditEntry): string {
  return canonicalJson(entry);
}

/** CSV columns, in order; also the header row. */
export const AUDIT_CSV_COLUMNS = [
  'seq',
  'at',
  'actor',
  'action',
  'run',
  'record',
  'subject',
  'category',
  'rule',
  'policySha256',
  'detail',
  'prev',
  'hash',
] as const satisfies readonly (keyof AuditEntry)[];

/** The CSV header row, with its line ending. */
export function csvHeader(): string {
  return stringify([[...AUDIT_CSV_COLUMNS]]);
}

/** CSV rows (RFC 4180, no header) for a batch of entries; null is an empty field, detail is canonical JSON. */
export function toCsvRows(entries: readonly AuditEntry[]): string {
  return stringify(entries.map(csvCells));
}

function csvCells(entry: AuditEntry): (string | number)[] {
  return AUDIT_CSV_COLUMNS.map((column) => {
    const value = entry[column];
    if (value === null) return '';
    if (typeof value === 'object') return canonicalJson(value);
    return value;
  });
}

/**
 * Writes a whole export to `write` (e.g. a stream's write bound to it), streaming the entries.
 * JSON Lines ends every entry with a newline; CSV starts with a header row.
 */
export async function writeAuditExport(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  format: 'jsonl' | 'csv',
  write: (chunk: string) => void | Promise<void>,
): Promise<void> {
  if (format === 'csv') await write(csvHeader());
  for await (const entry of entries) {
    await write(format === 'jsonl' ? `${toJsonLine(entry)}\n` : toCsvRows([entry]));
  }
}
