/**
 * The lines of a text stream as `readline` gives them (a line ends at \n, \r\n or a lone \r),
 * except that a line longer than MAX_RECORD_CHARS is refused as soon as it is, not held whole.
 */
import { MAX_RECORD_CHARS, recordTooLong } from './record-size.js';

const LINE_BREAK = /\r\n|\r|\n/;

/** Each line of `chunks` in order, blank ones included, so that the n-th yielded is line n. */
export async function* textLines(chunks: AsyncIterable<string>, file: string): AsyncGenerator<string> {
  let line = 0;
  let rest = '';
  const checked = (text: string, at: number) => {
    if (text.length > MAX_RECORD_CHARS) throw recordTooLong({ file, line: at, col: null });
    return text;
  };
  for await (const chunk of chunks) {
    let text = rest + chunk;
    // A \r at the end may be the first half of \r\n: it waits for the next chunk.
    const heldCr = text.endsWith('\r');
    if (heldCr) text = text.slice(0, -1);
    const lines = text.split(LINE_BREAK);
    rest = checked(lines.pop() ?? '', line + lines.length + 1) + (heldCr ? '\r' : '');
    for (const complete of lines) yield checked(complete, ++line);
  }
  // The last line, unless the text ended with a line break.
  if (rest.endsWith('\r')) yield rest.slice(0, -1);
  else if (rest !== '') yield rest;
}
