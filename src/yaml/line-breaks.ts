/**
 * Line breaks that an editor shows but the YAML parser does not see. YAML 1.2 counts a lone
 * carriage return as a line break; the `yaml` package does not, so `# note\r  hold_while: …`
 * is one comment to it and two lines to a person reading the file — a rule quietly loses a
 * key. Unicode's line and paragraph separators and NEL are shown as breaks by some editors and
 * are ordinary characters to YAML 1.2. A file holding any of them is refused rather than read
 * differently from how it looks.
 */
import type { Position } from './locate.js';

export interface HiddenLineBreak {
  at: Position;
  message: string;
}

const NAMES: ReadonlyMap<string, string> = new Map([
  ['\r', 'carriage return without a line feed'],
  ['\u0085', 'next-line character (U+0085), which editors may show as a line break and YAML does not'],
  ['\u2028', 'line separator (U+2028), which editors may show as a line break and YAML does not'],
  ['\u2029', 'paragraph separator (U+2029), which editors may show as a line break and YAML does not'],
]);

/** A CR not followed by LF, or NEL, LS or PS. */
const HIDDEN_BREAK = /\r(?!\n)|[\u0085\u2028\u2029]/;

export const HIDDEN_LINE_BREAK_HINT = 'save the file with Unix (LF) or Windows (CRLF) line endings, and retype this line';

/** The first hidden line break in `text`, with its line and column as an editor counts them; null when there is none. */
export function findHiddenLineBreak(text: string): HiddenLineBreak | null {
  const match = HIDDEN_BREAK.exec(text);
  if (!match) return null;
  // Before the first hidden break every line ends in LF (or CRLF), so LF counts the lines.
  const before = text.slice(0, match.index);
  const line = before.split('\n').length;
  const col = match.index - before.lastIndexOf('\n');
  return { at: { line, col }, message: NAMES.get(match[0]) ?? 'hidden line break' };
}
