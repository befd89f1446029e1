/**
 * CSV read by csv-parse, the reference: every rule about quotes, line breaks and field counts
 * is csv-parse's, and so is every error. The reader uses it for a file from its first quote
 * on (csv-quote-free.ts says why), and to read again a file in which the fast way met
 * something it does not read, so that the error is csv-parse's, at the line csv-parse counts.
 */
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { readCsvHeader, type CsvLayout } from './csv-header.js';
import { csvErrorLine } from './csv-lines.js';
import { inventoryError, lineOf, type SourcePosition } from './problem.js';
import type { InventoryInput } from './input.js';
import { MAX_RECORD_CHARS, recordTooLong } from './record-size.js';

/** Where csv-parse got to: the header, once read. */
export interface ReferenceProgress {
  layout?: CsvLayout;
}

/**
 * The records of `input` after the first `skip` (the header is read, and checked, again), as
 * rows of cells in the header's order, in batches. Throws an input error for csv-parse's errors.
 */
export async function* referenceRows(
  input: InventoryInput,
  flagNames: ReadonlySet<string>,
  skip: number,
  progress: ReferenceProgress,
): AsyncGenerator<string[][]> {
  const path = input.name;
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    columns: (names: string[]) => {
      progress.layout = readCsvHeader(names, flagNames, path);
      return names;
    },
  });
  // pipeline, not pipe: a read error reaches the loop, and stopping early closes the file.
  pipeline(input.stream(), parser, () => {});
  let skipped = 0;
  try {
    for await (const first of parser as AsyncIterable<Record<string, string>>) {
      // Take every row the parser already holds: one async step per chunk of the file.
      const rows: string[][] = [];
      const names = progress.layout!.names;
      for (let row: Record<string, string> | null = first; row !== null; row = parser.read() as Record<string, string> | null) {
        if (skipped < skip) skipped += 1;
        else rows.push(names.map((name) => row[name]!));
      }
      if (rows.length > 0) yield rows;
    }
  } catch (error) {
    if (error instanceof CsvError) throw describeCsvError(error, lineOf(path, progress.layout ? await csvErrorLine(input, error) : 1));
    throw error;
  }
}

const QUOTE_HINT = 'quote the whole field and write a " inside it as ""';

function describeCsvError(error: CsvError, at: SourcePosition) {
  switch (error.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return recordTooLong(at);
    case 'CSV_QUOTE_NOT_CLOSED':
      return inventoryError(at, 'inventory.csv-syntax', 'a quoted field is not closed before the end of the file', QUOTE_HINT);
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return inventoryError(at, 'inventory.csv-syntax', `a quote is out of place in ${fieldName(error)}`, QUOTE_HINT);
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const fields = Array.isArray(error.record) ? error.record.length : '?';
      const columns = Array.isArray(error.columns) ? error.columns.length : '?';
      return inventoryError(
        at,
        'inventory.csv-syntax',
        `the record has ${fields} fields but the header has ${columns}`,
        'quote a field that contains a comma: "a, b"',
      );
    }
    default:
      return inventoryError(at, 'inventory.csv-syntax', error.message);
  }
}

/** csv-parse names the field by header name once the header is read, by index before. */
function fieldName(error: CsvError): string {
  return typeof error.column === 'string' ? `column "${error.column}"` : 'a field';
}
