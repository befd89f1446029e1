/**
 * JSON text written straight into UTF-8 bytes, for output a million lines long. Built as
 * strings, a plan line cost ~2.5 KB of garbage (the rope of its pieces, JSON.stringify's copy
 * of the reason, the flat two-byte copy that encoding needs whenever a reason holds "→") and
 * more time in the garbage collector and the encoder than in deciding; here a line is a few
 * loops over its characters into a buffer that is already there. The bytes are exactly those
 * of JSON.stringify's text in UTF-8 (test/render/json-bytes.test.ts holds the two equal for
 * any text): the same escapes (\b \t \n \f \r \" \\, \u00xx for other controls, \udxxx for a
 * lone surrogate) and every other character as it is.
 */

import { NEEDS_JSON_ESCAPE } from '../../json-escape.js';

/** A new buffer when the one being filled has no room: large enough for a batch of lines, small enough to die young. */
const CHUNK_BYTES = 64 * 1024;
/** The most bytes one UTF-16 code unit takes in a JSON string literal (`\u001f`). */
const MOST_BYTES_PER_UNIT = 6;
const HEX = '0123456789abcdef';
/** V8 makes a string this short flat (never a slice or a rope), where the loop below beats a call to the native encoder. */
const SHORT = 12;
/** The escapes JSON.stringify writes as two characters. */
const SHORT_ESCAPES: ReadonlyMap<number, number> = new Map([
  [0x08, 0x62], // \b
  [0x09, 0x74], // \t
  [0x0a, 0x6e], // \n
  [0x0c, 0x66], // \f
  [0x0d, 0x72], // \r
  [0x22, 0x22], // \"
  [0x5c, 0x5c], // \\
]);

export class JsonBytes {
  private buffer: Buffer | null = null;
  private used = 0;
  private sealed: Uint8Array[] = [];

  /** Text that is already JSON, as UTF-8 bytes (made once, see `utf8`). */
  raw(bytes: Uint8Array): void {
    const into = this.room(bytes.length);
    let at = this.used;
    // A loop, not `set`: most pieces are a few dozen bytes, where the call costs more than the copy.
    for (let i = 0; i < bytes.length; i++) into[at++] = bytes[i]!;
    this.used = at;
  }

  /** `text` as a JSON string literal, as JSON.stringify writes it. */
  string(text: string): void {
    const into = this.room(2 + text.length * MOST_BYTES_PER_UNIT);
    let at = this.used;
    into[at++] = 0x22;
    if (text.length > SHORT && !NEEDS_JSON_ESCAPE.test(text)) {
      // Most text: the native encoder, which reads every kind of V8 string (a slice of the
      // file's text, a reason built of pieces) at full speed; a loop of charCodeAt does not.
      at += into.write(text, at, 'utf8');
      into[at++] = 0x22;
      this.used = at;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x80) {
        if (unit >= 0x20 && unit !== 0x22 && unit !== 0x5c) into[at++] = unit;
        else at = writeEscape(into, at, unit);
      } else if (unit < 0x800) {
        into[at++] = 0xc0 | (unit >> 6);
        into[at++] = 0x80 | (unit & 0x3f);
      } else if (unit < 0xd800 || unit > 0xdfff) {
        at = writeThreeBytes(into, at, unit);
      } else {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const point = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
          into[at++] = 0xf0 | (point >> 18);
          into[at++] = 0x80 | ((point >> 12) & 0x3f);
          into[at++] = 0x80 | ((point >> 6) & 0x3f);
          into[at++] = 0x80 | (point & 0x3f);
          i += 1;
        } else at = writeEscape(into, at, unit);
      }
    }
    into[at++] = 0x22;
    this.used = at;
  }

  /** `text` as a JSON string literal, or `null`. */
  stringOrNull(text: string | null): void {
    if (text === null) this.raw(NULL);
    else this.string(text);
  }

  /**
   * Everything written since the last take, in order, in pieces that are the caller's: nothing
   * here writes to them again (a stream may still hold a piece after its write returned).
   */
  take(): Uint8Array[] {
    this.seal();
    const pieces = this.sealed;
    this.sealed = [];
    return pieces;
  }

  /** The buffer to write `most` bytes into at `this.used`. */
  private room(most: number): Buffer {
    if (this.buffer !== null && this.used + most <= this.buffer.length) return this.buffer;
    this.seal();
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most));
    return this.buffer;
  }

  private seal(): void {
    if (this.buffer !== null && this.used > 0) this.sealed.push(this.buffer.subarray(0, this.used));
    this.buffer = null;
    this.used = 0;
  }
}

/** The UTF-8 bytes of a constant piece of JSON text. */
export function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

const NULL = utf8('null');

function writeEscape(into: Buffer, at: number, unit: number): number {
  into[at++] = 0x5c;
  const short = SHORT_ESCAPES.get(unit);
  if (short !== undefined) {
    into[at++] = short;
    return at;
  }
  into[at++] = 0x75; // u
  for (let shift = 12; shift >= 0; shift -= 4) into[at++] = HEX.charCodeAt((unit >> shift) & 0xf);
  return at;
}

function writeThreeBytes(into: Buffer, at: number, unit: number): number {
  into[at++] = 0xe0 | (unit >> 12);
  into[at++] = 0x80 | ((unit >> 6) & 0x3f);
  into[at++] = 0x80 | (unit & 0x3f);
  return at;
}
