/**
 * An audit detail's canonical JSON (RFC 8785) read straight from its stored text, for `audit
 * verify`: a million-entry log would otherwise parse every detail into an object and write it
 * back out, key by key. Only text that needs nothing but its members sorted and its white space
 * dropped is read here: an object of strings without escapes or surrogates, integers of at most
 * 15 digits (safe, and written the way JSON.stringify writes them), true, false, null, and
 * objects of those one level deep, no key twice. Such text is always a detail the store reads
 * back (storedDetail) and its canonical JSON is the members as they stand, sorted. Anything else
 * is null, for the caller to take the reference way (parse, check, canonicalize), which also
 * names a detail that is not what retention writes. A property test holds this equal to that way.
 */

/** The canonical JSON of the detail whose stored text is `text`; null when the text is not of the plain kind read here. */
export function canonicalDetailText(text: string): string | null {
  const object = readObject(text, skipSpace(text, 0), true);
  return object !== null && skipSpace(text, object.end) === text.length ? object.canonical : null;
}

interface Read {
  canonical: string;
  /** Where the text after it starts. */
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
/** More digits could be an unsafe integer, which the reference refuses. */
const MAX_DIGITS = 15;

function readObject(text: string, start: number, mayNest: boolean): Read | null {
  if (text.charCodeAt(start) !== OPEN) return null;
  let i = skipSpace(text, start + 1);
  if (text.charCodeAt(i) === CLOSE) return { canonical: '{}', end: i + 1 };
  // Keys and their values' canonical text, alternating.
  const members: string[] = [];
  for (;;) {
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return null;
    i = skipSpace(text, i + 1);
    const value = readValue(text, i, mayNest);
    if (value === null) return null;
    members.push(key, value.canonical);
    i = skipSpace(text, value.end);
    const next = text.charCodeAt(i);
    if (next === CLOSE) break;
    if (next !== COMMA) return null;
    i = skipSpace(text, i + 1);
  }
  const canonical = sortedMembers(members);
  return canonical === null ? null : { canonical, end: i + 1 };
}

function readValue(text: string, start: number, mayNest: boolean): Read | null {
  const first = text.charCodeAt(start);
  if (first === QUOTE) {
    const end = stringEnd(text, start);
    return end < 0 ? null : { canonical: text.slice(start, end), end };
  }
  if (first === OPEN) return mayNest ? readObject(text, start, false) : null;
  for (const word of WORDS) if (text.startsWith(word, start)) return { canonical: word, end: start + word.length };
  return readInteger(text, start);
}

const WORDS = ['true', 'false', 'null'] as const;

/** `-?(0|[1-9][0-9]*)` of at most MAX_DIGITS digits, not `-0` (a fraction or an exponent after it ends the member badly). */
function readInteger(text: string, start: number): Read | null {
  const digits = text.charCodeAt(start) === MINUS ? start + 1 : start;
  let end = digits;
  while (isDigit(text.charCodeAt(end))) end += 1;
  const count = end - digits;
  if (count === 0 || count > MAX_DIGITS) return null;
  if (text.charCodeAt(digits) === ZERO && (count > 1 || digits > start)) return null;
  return { canonical: text.slice(start, end), end };
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/**
 * The end (after its closing quote) of the string starting at `start`, when it is written as
 * JSON.stringify writes it with nothing escaped: no backslash, no control character, no
 * surrogate; -1 otherwise.
 */
function stringEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== QUOTE) return -1;
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i + 1;
    if (code < 0x20 || code === BACKSLASH || (code >= 0xd800 && code <= 0xdfff)) return -1;
  }
  return -1;
}

/** JSON's white space: space, tab, line feed, carriage return. */
function skipSpace(text: string, start: number): number {
  let i = start;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return i;
    i += 1;
  }
}

/** `{"key":value,...}` with the keys in JCS order (UTF-16 code units, as the library's sort); null when a key repeats. */
function sortedMembers(members: readonly string[]): string | null {
  const order: number[] = [];
  for (let i = 0; i < members.length; i += 2) order.push(i);
  // Usually in order already (a sort still costs a comparison per member).
  if (!inOrder(members)) order.sort((a, b) => compareKeys(members[a]!, members[b]!));
  let canonical = '{';
  for (let k = 0; k < order.length; k++) {
    const at = order[k]!;
    if (k > 0 && members[order[k - 1]!] === members[at]) return null;
    canonical += `${k > 0 ? ',' : ''}"${members[at]!}":${members[at + 1]!}`;
  }
  return `${canonical}}`;
}

function inOrder(members: readonly string[]): boolean {
  for (let i = 2; i < members.length; i += 2) if (!(members[i - 2]! < members[i]!)) return false;
  return true;
}

function compareKeys(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
