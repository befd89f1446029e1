/**
 * Record locations, `target:ref` (DESIGN §2): taking one apart, and the key that tells whether
 * two records name the same item.
 */
import path from 'node:path';
import { foldName } from './similar-names.js';

/**
 * Splits a record location `target:ref` at the FIRST colon (refs may contain colons);
 * null when there is no colon or either part is empty.
 */
export function splitLocation(location: string): { target: string; ref: string } | null {
  const colon = location.indexOf(':');
  if (colon <= 0 || colon === location.length - 1) return null;
  return { target: location.slice(0, colon), ref: location.slice(colon + 1) };
}

/**
 * A location reduced to what decides which item it names: the target's name as written (targets
 * are looked up exactly) and the ref folded (foldName). Two live records with one key are taken
 * to share an item, whatever the target: a case-insensitive file share, or a key column with a
 * case-insensitive collation, would give both the same file or row. Null when the location is
 * not `target:ref` (such a record is never deleted).
 */
export function locationKey(location: string | null): string | null {
  const parts = location === null ? null : splitLocation(location);
  return parts === null ? null : `${parts.target}:${sameItemForm(foldName(parts.ref))}`;
}

const NUMBER = /^\s*[+-]?(?:0x[0-9a-f]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?)\s*$/i;

/**
 * Every other spelling that a target may read as the same item, reduced to one form. Erring
 * towards "the same" only ever keeps a record (a false "location shared"), never deletes one:
 * a path with `.`, `..`, doubled or leading slashes names the file its normal form names; a key
 * that reads as a number (`05`, `5.0`, `0x5`, ` 5`) names the row of that number in an
 * INTEGER column.
 */
function sameItemForm(ref: string): string {
  if (NUMBER.test(ref)) {
    const value = Number(ref.trim());
    if (Number.isFinite(value)) return `#${value}`;
  }
  const normal = path.posix
    .normalize(ref)
    .replace(/^(?:\.?\/)+/, '')
    .replace(/\/+$/, '');
  return normal === '' ? ref : normal;
}
