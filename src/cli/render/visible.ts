/**
 * User data shown to people (text, tables, HTML) with every character that a terminal or a
 * page would act on or hide written as a visible escape: a record id `EX-97\e[8m` would
 * otherwise conceal the rest of a table, `EX-98\rEX-04` would show as EX-04, a name with a
 * newline would forge a line of `audit list`, and a zero-width space or a bidi override would
 * make two ids look alike. Machine formats (JSON, ndjson, CSV) carry values exactly as they
 * are and escape by their own rules: never pass their values through here.
 */

/**
 * Control characters (C0, DEL, C1), invisible format characters (zero-width spaces, soft
 * hyphen, bidi controls, byte order mark…), line and paragraph separators, and lone surrogates
 * (in Unicode mode a surrogate range matches only unpaired halves: an emoji is one code point).
 */
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029\ud800-\udfff]/u;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'gu');

const NAMED: ReadonlyMap<string, string> = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/** `text` with each hidden character as `\n`, `\x1b`, `\u200e`…; the same string when there is none (the usual case). */
export function visible(text: string): string {
  if (!HIDDEN.test(text)) return text;
  return text.replace(HIDDEN_ALL, escapeOne);
}

/** The same, keeping line feeds: for diagnostics whose own lines are separated by them. */
export function visibleLines(text: string): string {
  if (!HIDDEN.test(text)) return text;
  return text.split('\n').map(visible).join('\n');
}

function escapeOne(char: string): string {
  const named = NAMED.get(char);
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
