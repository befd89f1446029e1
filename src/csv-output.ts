/**
 * Every CSV the tool writes (plan --format csv, audit export --format csv, the destruction
 * certificate) is made here: RFC 4180 by csv-stringify, and any text cell that a spreadsheet
 * would run as a formula — one beginning with `=`, `+`, `-`, `@`, a tab or a carriage return —
 * gets a leading apostrophe (OWASP's advice against CSV injection). Text cells come from users'
 * files (ids, names, categories, reasons), so an id such as `-17` is neutralised too: `'-17`.
 * Numbers written by the tool itself (audit seq) are numbers, never formulas, and stay as they are.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet will show it, never run it. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Rows as CSV text, each row ending in CRLF (RFC 4180) or LF; null is an empty field. */
export function csvText(rows: readonly (readonly CsvCell[])[], lineEnd: 'crlf' | 'lf'): string {
  return stringify([...rows], {
    record_delimiter: lineEnd === 'crlf' ? 'windows' : 'unix',
    cast: { string: neutraliseFormula },
  });
}
