import { inventoryError, type SourcePosition } from './problem.js';
import { MAX_RECORD_CHARS, recordTooLong } from './record-size.js';

/** One element of a top-level JSON array: its source text and where it starts. */
export interface ArrayElement {
  text: string;
  line: number;
  col: number;
}

const CHAR = {
  newline: 0x0a,
  quote: 0x22,
  backslash: 0x5c,
  comma: 0x2c,
  openBrace: 0x7b,
  closeBrace: 0x7d,
  openBracket: 0x5b,
  closeBracket: 0x5d,
  bom: 0xfeff,
} as const;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** What may come next outside the elements. */
type Expect = 'array' | 'first-element' | 'element' | 'separator' | 'nothing';

const NOT_AN_ARRAY = 'a JSON inventory must be an array of records [ {…}, {…} ]';
const NOT_A_RECORD = 'each element of the array must be a record object {…}';

/**
 * Cuts a JSON array of objects, read in chunks, into the text of each element, so that a large
 * file never has to be one string. It only follows strings and bracket depth to find where
 * each element ends; `JSON.parse` of the element does the real parsing. The array's own
 * punctuation is checked here, with the line and column of anything out of place.
 */
export async function* scanJsonArray(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ArrayElement> {
  let expect: Expect = 'array';
  let line = 1;
  let col = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pieces: string[] = [];
  /** Characters of the element in `pieces` so far. */
  let held = 0;
  let start = { line: 0, col: 0 };
  const here = (): SourcePosition => ({ file, line, col });

  for await (const chunk of chunks) {
    let pieceFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === CHAR.newline) {
        line += 1;
        col = 0;
      } else {
        col += 1;
      }
      if (depth > 0) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === CHAR.backslash) escaped = true;
          else if (c === CHAR.quote) inString = false;
        } else if (c === CHAR.quote) {
          inString = true;
        } else if (c === CHAR.openBrace || c === CHAR.openBracket) {
          depth += 1;
        } else if ((c === CHAR.closeBrace || c === CHAR.closeBracket) && --depth === 0) {
          pieces.push(chunk.slice(pieceFrom, i + 1));
          yield { text: pieces.join(''), ...start };
          pieces = [];
          held = 0;
          expect = 'separator';
        }
        continue;
      }
      if (isSpace(c) || (c === CHAR.bom && line === 1 && col === 1)) continue;
      if (expect === 'array') {
        if (c !== CHAR.openBracket) throw inventoryError(here(), 'inventory.json-syntax', NOT_AN_ARRAY);
        expect = 'first-element';
      } else if (expect === 'separator') {
        if (c === CHAR.comma) expect = 'element';
        else if (c === CHAR.closeBracket) expect = 'nothing';
        else throw inventoryError(here(), 'inventory.json-syntax', 'expected "," or "]" after a record');
      } else if (expect === 'nothing') {
        throw inventoryError(here(), 'inventory.json-syntax', 'unexpected text after the end of the array');
      } else if (c === CHAR.openBrace) {
        depth = 1;
        start = { line, col };
        pieceFrom = i;
      } else if (c === CHAR.closeBracket && expect === 'first-element') {
        expect = 'nothing';
      } else {
        throw inventoryError(
          here(),
          'inventory.json-syntax',
          c === CHAR.closeBracket ? 'a "," before "]" is not allowed in JSON' : NOT_A_RECORD,
        );
      }
    }
    if (depth > 0) {
      pieces.push(chunk.slice(pieceFrom));
      held += chunk.length - pieceFrom;
      if (held > MAX_RECORD_CHARS) throw recordTooLong({ file, ...start });
    }
  }

  if (depth > 0) throw inventoryError({ file, ...start }, 'inventory.json-syntax', 'this record is not closed before the end of the file');
  if (expect === 'array') throw inventoryError(here(), 'inventory.empty', `the file is empty — ${NOT_AN_ARRAY}`);
  if (expect !== 'nothing')
    throw inventoryError(here(), 'inventory.json-syntax', 'the array is not closed with "]" before the end of the file');
}
