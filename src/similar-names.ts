/**
 * When two names are "similar": they differ only by case, Unicode form, invisible characters
 * or surrounding white space (`Client/File.TXT` against `client/file.txt`, an NFC name against
 * an NFD one, `photo.txt` against `photo.txt\u200B`). Such a pair most likely names one item
 * twice, so a miss of one where the other exists is never "already absent" (issue 8.7), and
 * two records whose locations fold alike are taken to share one item.
 */

// Controls (C0, DEL, C1) and format characters (zero-width space, soft hyphen, bidi controls…),
// which a terminal does not show; line and paragraph separators, which it shows as a break.
// These are refused in inventory text. Characters that are drawn, though not as what they are
// (a no-break or ideographic space, an emoji's variation selector, a Hangul filler), are part of
// real names (a Japanese name with an ideographic space, `M. Dupont` from a French export, `❤️`) and are not refused.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const ONE_INVISIBLE = new RegExp(INVISIBLE.source, 'u');
// What folding ignores is wider: characters Unicode says to draw as nothing (Default_Ignorable:
// variation selectors, fillers, the combining grapheme joiner…) and spaces other than U+0020
// and the Braille blank, which look like a space or nothing. A false "similar" keeps a record.
const FOLDED_AWAY = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2800]/gu;

/**
 * NFKC also maps compatibility forms (ligatures, full-width letters); upper- then lower-case
 * folds ß and SS together. Wider than any file system's or database's own folding, on purpose:
 * a false "similar" keeps a record, a missed one could log a deletion that did not happen.
 */
export function foldName(name: string): string {
  // Stripped before normalising, so that a mark split off by a dropped character (U+034F) composes.
  return name.replace(FOLDED_AWAY, '').normalize('NFKC').replace(FOLDED_AWAY, '').trim().toUpperCase().toLowerCase();
}

/** The first character a person would not see in `text` (see INVISIBLE), with its index; null when none. */
export function firstInvisible(text: string): { readonly char: string; readonly index: number } | null {
  const match = ONE_INVISIBLE.exec(text);
  return match === null ? null : { char: match[0], index: match.index };
}

/** `text` with each character a person would not see written as an escape, as JSON writes one (`\\u200B`). */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase();
    return hex.length <= 4 ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
  });
}

/** `U+00AD` for the soft hyphen. */
export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
