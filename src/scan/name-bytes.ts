/**
 * File names that are not UTF-8, as a person can find them again: Node reads each such byte as
 * U+FFFD, so `caf\xE9.txt` and `caf\xE8.txt` would both read `caf�.txt`.
 */
import { isUtf8 } from 'node:buffer';

/**
 * `raw` with its UTF-8 characters as they are and every other byte (and each control character)
 * written `\xNN`; a backslash is written `\\`, so that no name reads like another.
 */
export function showNameBytes(raw: Buffer): string {
  let shown = '';
  for (let i = 0; i < raw.length;) {
    const byte = raw[i] ?? 0;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    const character = raw.subarray(i, i + length);
    if (length > 1 && character.length === length && isUtf8(character)) {
      shown += character.toString('utf8');
      i += length;
      continue;
    }
    if (byte === BACKSLASH) shown += '\\\\';
    else if (byte < 0x20 || byte >= 0x7f) shown += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    else shown += String.fromCharCode(byte);
    i += 1;
  }
  return shown;
}

const BACKSLASH = 0x5c;

/** The names `readRaw` gives that are not UTF-8, by what Node reads them as (several may read alike). */
export function namesNotUtf8(readRaw: () => Buffer[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const raw of readRaw()) {
    if (isUtf8(raw)) continue;
    const read = raw.toString('utf8');
    const alike = names.get(read);
    if (alike) alike.push(showNameBytes(raw));
    else names.set(read, [showNameBytes(raw)]);
  }
  return names;
}
