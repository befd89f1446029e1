/**
 * Mutations of a file's bytes, as an attacker or a bad export would make them: flipped bits,
 * lines duplicated or deleted, truncation, and the characters that have fooled readers before
 * — a lone carriage return, NUL, a byte-order mark in the middle, a surrogate (escaped in JSON
 * or as raw bytes), bytes that are not UTF-8, Unicode line separators, YAML and CSV syntax.
 * Shared by the suite's bounded fuzz test and by `npm run fuzz`.
 */
import fc from 'fast-check';

const text = (s) => Buffer.from(s, 'utf8');

/** What gets inserted: each one has broken (or was meant to break) a reader. */
export const TOKENS = [
  text('\r'),
  text('\n'),
  text('\r\n'),
  text('\0'),
  text('\uFEFF'),
  Buffer.from([0xed, 0xa0, 0x80]), // a surrogate encoded as bytes (CESU-8): not UTF-8
  text('\\ud800'), // a lone surrogate escaped in a JSON string
  text('\\udfff'),
  Buffer.from([0xff]),
  Buffer.from([0xc3]), // the first byte of a two-byte character, alone
  Buffer.from([0xe9]), // "é" in Latin-1
  text('\u2028'),
  text('\u0085'),
  text('\uFFFD'),
  text('"'),
  text(','),
  text(':'),
  text('{'),
  text('['),
  text(']'),
  text(' '),
  text('\t'),
  text('#'),
  text('- '),
  text('&a '),
  text('*a'),
  text('!!binary '),
  text('~'),
  text('---\n'),
  text('__proto__'),
  text('constructor'),
  text('+24:00'),
  text('T24:00'),
  text('9999-99-99'),
];

const at = fc.nat({ max: 1 << 20 });

/** One mutation; positions are taken modulo the file's length, line numbers modulo its line count. */
export const mutationArbitrary = fc.oneof(
  // Insertions and flips are where the attacks are; line edits and truncation mostly make
  // files a reader refuses outright, so they come less often.
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert'), at, token: fc.integer({ min: 0, max: TOKENS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('flip'), at, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate-line'), line: at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-line'), line: at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate'), at }) },
);

/** One to three mutations, applied in order. */
export const mutationsArbitrary = fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 });

/** `bytes` with `mutations` applied (a new Buffer). */
export function mutate(bytes, mutations) {
  let out = Buffer.from(bytes);
  for (const m of mutations) out = applyOne(out, m);
  return out;
}

function applyOne(bytes, m) {
  const pos = (n) => (bytes.length === 0 ? 0 : n % (bytes.length + 1));
  switch (m.op) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = Buffer.from(bytes);
      const i = m.at % bytes.length;
      out[i] ^= 1 << m.bit;
      return out;
    }
    case 'insert': {
      const i = pos(m.at);
      return Buffer.concat([bytes.subarray(0, i), TOKENS[m.token], bytes.subarray(i)]);
    }
    case 'duplicate-line':
    case 'delete-line': {
      const lines = splitLines(bytes);
      const i = m.line % lines.length;
      if (m.op === 'duplicate-line') lines.splice(i, 0, lines[i]);
      else lines.splice(i, 1);
      return Buffer.concat(lines);
    }
    case 'truncate':
      return bytes.subarray(0, pos(m.at));
    default:
      throw new Error(`unknown mutation ${m.op}`);
  }
}

/** The file's lines, each with its own line feed. */
function splitLines(bytes) {
  const lines = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length || lines.length === 0) lines.push(bytes.subarray(start));
  return lines;
}

/** A short description of a case, to reproduce it by hand. */
export function describeMutations(mutations) {
  return mutations
    .map((m) =>
      m.op === 'insert'
        ? `insert ${JSON.stringify(TOKENS[m.token].toString('latin1'))} at ${m.at}`
        : `${m.op} ${m.at ?? m.line}${m.bit === undefined ? '' : ` bit ${m.bit}`}`,
    )
    .join('; ');
}
