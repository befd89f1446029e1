import { pipeline } from 'node:stream';
import { CsvError, parse, type Info } from 'csv-parse';
import { readCsvHeader, STANDARD_COLUMNS, type CsvLayout } from './csv-header.js';
import { csvRowToRecord } from './csv-record.js';
import { inventoryError, lineOf } from './problem.js';
import type { LocatedRecord, RecordReader } from './reader.js';
import { openInventoryFile } from './source.js';

type LineCounts = Pick<Info, 'lines' | 'empty_lines'>;

/**
 * Streams a CSV inventory (header on line 1; BOM, CRLF and quoted fields handled by csv-parse).
 * Blank lines are skipped. Each record is located at the line it starts on.
 */
export const readCsvRecords: RecordReader = async function* (path, flagNames) {
  const handle = await openInventoryFile(path);
  const header: { layout?: CsvLayout } = {};
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    columns: (names: string[]) => {
      header.layout = readCsvHeader(names, flagNames, path);
      return names;
    },
  });
  // pipeline, not pipe: a read error reaches the loop, and stopping early closes the file.
  pipeline(handle.createReadStream(), parser, () => {});

  // csv-parse tells where a record ends; it starts after the previous one and any blank lines.
  let previous: LineCounts = { lines: 1, empty_lines: 0 };
  const startLine = (now: LineCounts) => previous.lines + 1 + now.empty_lines - previous.empty_lines;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: Info }>) {
      const line = startLine(info);
      yield { record: csvRowToRecord(record, header.layout as CsvLayout, lineOf(path, line)), line } satisfies LocatedRecord;
      previous = info;
    }
  } catch (error) {
    if (error instanceof CsvError) throw describeCsvError(error, path, startLine(countsOf(error)));
    throw error;
  }
  if (!header.layout) throw inventoryError(lineOf(path, 1), `the file is empty — the header must start with ${STANDARD_COLUMNS.join(',')}`);
};

function countsOf(error: CsvError): LineCounts {
  const lines = typeof error.lines === 'number' ? error.lines : 1;
  // Without a count of blank lines, assume none: the line stays close to the truth.
  return { lines, empty_lines: typeof error.empty_lines === 'number' ? error.empty_lines : 0 };
}

const QUOTE_HINT = 'quote the whole field and write a " inside it as ""';

function describeCsvError(error: CsvError, path: string, line: number) {
  const at = lineOf(path, line);
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return inventoryError(at, 'a quoted field is not closed before the end of the file', QUOTE_HINT);
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return inventoryError(at, `a quote is out of place in ${fieldName(error)}`, QUOTE_HINT);
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const fields = Array.isArray(error.record) ? error.record.length : '?';
      const columns = Array.isArray(error.columns) ? error.columns.length : '?';
      return inventoryError(at, `the record has ${fields} fields but the header has ${columns}`, 'quote a field that contains a comma: "a, b"');
    }
    default:
      return inventoryError(at, error.message);
  }
}

/** csv-parse names the field by header name once the header is read, by index before. */
function fieldName(error: CsvError): string {
  return typeof error.column === 'string' ? `column "${error.column}"` : 'a field';
}
