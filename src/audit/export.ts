/**
 * Audit export formats (DESIGN §7): JSON Lines with every member, so anyone can re-check
 * the chain with their own tools, and CSV for spreadsheets.
 */
import { csvText } from '../csv-output.js';
import { canonicalJson, type AuditEntry } from '../audit-entry.js';

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
  return csvText([AUDIT_CSV_COLUMNS], 'lf');
}

/**
 * CSV rows (no header) for a batch of entries; null is an empty field, detail is canonical JSON.
 * Text that a spreadsheet would run as a formula is neutralised, so this is for reading, not for
 * re-checking hashes (that is what JSON Lines is for).
 */
export function toCsvRows(entries: readonly AuditEntry[]): string {
  return csvText(entries.map(csvCells), 'lf');
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
