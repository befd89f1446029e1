import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { readCsvHeader, STANDARD_COLUMNS, type CsvLayout } from './csv-header.js';
import { csvErrorLine, csvStartLines } from './csv-lines.js';
import { csvRowToRecord } from './csv-record.js';
import { faultAt, inventoryError, lineOf, RecordFault, type SourcePosition } from './problem.js';
import type { PlacedRecord, RecordReader } from './reader.js';
import type { InventoryInput } from './input.js';
import { MAX_RECORD_CHARS, recordTooLong } from './record-size.js';

/**
 * Reads a CSV inventory (header on line 1; BOM, CRLF and quoted fields handled by csv-parse;
 * blank lines skipped). A record's place is its ordinal; its line is looked up only when needed.
 */
export const readCsvRecords: RecordReader = (input, flagNames) => ({
  records: streamCsvRecords(input, flagNames),
  linesOf: (ordinals) => csvStartLines(input, ordinals),
});

async function* streamCsvRecords(input: InventoryInput, flagNames: ReadonlySet<string>): AsyncGenerator<PlacedRecord[]> {
  const path = input.name;
  const header: { layout?: CsvLayout } = {};
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    columns: (names: string[]) => {
      header.layout = readCsvHeader(names, flagNames, path);
      return names;
    },
  });
  // pipeline, not pipe: a read error reaches the loop, and stopping early closes the file.
  pipeline(input.stream(), parser, () => {});

  let ordinal = 0;
  try {
    for await (const first of parser as AsyncIterable<Record<string, string>>) {
      // Take every row the parser already holds: one async step per chunk of the file.
      const batch: PlacedRecord[] = [];
      for (let row: Record<string, string> | null = first; row !== null; row = parser.read() as Record<string, string> | null) {
        ordinal += 1;
        batch.push({ record: csvRowToRecord(row, header.layout as CsvLayout), place: ordinal });
      }
      yield batch;
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw describeCsvError(error, lineOf(path, header.layout ? await csvErrorLine(input, error) : 1));
    }
    if (error instanceof RecordFault) {
      const [line = 1] = await csvStartLines(input, [ordinal]);
      throw faultAt(error, lineOf(path, line));
    }
    throw error;
  }
  if (!header.layout) throw inventoryError(lineOf(path, 1), 'inventory.empty', `the file is empty — the header must start with ${STANDARD_COLUMNS.join(',')}`);
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
      return inventoryError(at, 'inventory.csv-syntax', `the record has ${fields} fields but the header has ${columns}`, 'quote a field that contains a comma: "a, b"');
    }
    default:
      return inventoryError(at, 'inventory.csv-syntax', error.message);
  }
}

/** csv-parse names the field by header name once the header is read, by index before. */
function fieldName(error: CsvError): string {
  return typeof error.column === 'string' ? `column "${error.column}"` : 'a field';
}
