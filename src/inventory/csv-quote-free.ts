/**
 * The fast way through a CSV inventory: Papa Parse, on text with no quote character. Where a
 * file has no quote, CSV is only records split at the line break and fields at commas, and
 * Papa Parse's split matches csv-parse's record for record (test/inventory/csv-differential
 * .test.ts): the same line break (the first one in the file, as csv-parse picks it), a BOM
 * dropped only at the start of the file. Papa Parse is more lenient than csv-parse with
 * quotes (it takes a quote inside an unquoted field, or spaces after a closing quote, as
 * text), so from the first quote on the reader hands the file to csv-parse (csv-reference.ts).
 * Measured on a million-record inventory: 0.9 s for Papa Parse, 4.5 s for csv-parse. Papa
 * Parse's core parser is called directly (see RowParser).
 */
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { InventoryInput } from './input.js';
import { MAX_RECORD_CHARS } from './record-size.js';

export type LineBreak = '\n' | '\r\n' | '\r';

/** How far the quote-free reading got. */
export interface QuoteFreeProgress {
  /** Set when the rows ended because the file did: every row of it was yielded. */
  complete: boolean;
}

const BOM = 0xfeff;
const QUOTE = '"';

/**
 * The rows of `input` (the header first), blank lines left out, in batches; stops early,
 * leaving `progress.complete` false, before the first text that holds a quote character or
 * that Papa Parse would not read as csv-parse does. The rows stopped before are whole records.
 */
export async function* quoteFreeRows(input: InventoryInput, progress: QuoteFreeProgress): AsyncGenerator<string[][]> {
  const decoder = new StringDecoder('utf8');
  let carried = '';
  let lineBreak: LineBreak | null = null;
  let atStart = true;
  for await (const chunk of input.stream()) {
    let text = carried + decoder.write(chunk as Buffer);
    if (atStart && text.length > 0) {
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
      atStart = false;
    }
    if (text.includes(QUOTE)) return;
    lineBreak ??= firstLineBreak(text, false);
    const end = lineBreak === null ? -1 : text.lastIndexOf(lineBreak);
    if (lineBreak === null || end < 0) {
      carried = text;
      // A record past the cap: csv-parse (csv-reference.ts) refuses it, with its line.
      if (carried.length > MAX_RECORD_CHARS) return;
      continue;
    }
    carried = text.slice(end + lineBreak.length);
    if (carried.length > MAX_RECORD_CHARS) return;
    const rows = splitRows(text.slice(0, end), lineBreak);
    if (rows === null) return;
    yield rows;
  }
  const rest = carried + decoder.end();
  if (rest.includes(QUOTE)) return;
  const rows = splitRows(atStart && rest.charCodeAt(0) === BOM ? rest.slice(1) : rest, lineBreak ?? firstLineBreak(rest, true) ?? '\n');
  if (rows === null) return;
  if (rows.length > 0) yield rows;
  progress.complete = true;
}

/**
 * The record delimiter csv-parse settles on: the first line break of the file. A carriage
 * return that ends the text read so far may be the start of CRLF: null until more is read,
 * unless this is the end of the file.
 */
function firstLineBreak(text: string, atEnd: boolean): LineBreak | null {
  const at = text.search(/[\r\n]/);
  if (at < 0) return null;
  if (text[at] === '\n') return '\n';
  if (at + 1 < text.length) return text[at + 1] === '\n' ? '\r\n' : '\r';
  return atEnd ? '\r' : null;
}

/**
 * Whole records of quote-free text, split by Papa Parse; blank lines left out. Null when the
 * text starts with a BOM: Papa Parse drops it wherever a text starts, csv-parse only at the
 * start of the file.
 */
function splitRows(text: string, lineBreak: LineBreak): string[][] | null {
  if (text.charCodeAt(0) === BOM) return null;
  if (text === '') return [];
  const parser: RowParser = new Papa.Parser({ delimiter: ',', newline: lineBreak, quoteChar: QUOTE });
  return parser.parse(text, 0, false).data.filter((row) => row.length > 1 || row[0] !== '');
}

/**
 * Papa Parse's own parser, which Papa.parse wraps (in a ParserHandle and a StringStreamer)
 * and whose rows it returns unchanged for this configuration: no header, typing, transform,
 * empty-line skipping or delimiter guessing, and no BOM (splitRows refuses one first). Not
 * Papa.parse: once V8 has optimised it, each call's rows stay reachable from the wrapper's
 * objects in old space after the call, so every chunk's rows were copied out of the young
 * generation (some 380 MB promoted by a million-record plan, old space swinging between 16 and
 * 65 MB; test/inventory/csv-quote-free-memory.test.ts). With `header: false` a row is an
 * array of strings, which is what @types/papaparse leaves untyped here.
 */
interface RowParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
}
