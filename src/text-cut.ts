/**
 * Cutting text that people read (a table cell, an error message) without splitting a character.
 * A cut between the two halves of a surrogate pair printed U+FFFD, and in a message about a
 * hidden character it showed an escape ("\ud83d") that was not in the input; and "N characters
 * left out" counted UTF-16 units, two for an emoji.
 */

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** At most the first `units` UTF-16 units of `text`: one fewer when the last would be half a character. */
export function headOf(text: string, units: number): string {
  return text.slice(0, units > 0 && isHighSurrogate(text.charCodeAt(units - 1)) ? units - 1 : units);
}

/** At most the last `units` UTF-16 units of `text`: one fewer when the first would be half a character. */
export function tailOf(text: string, units: number): string {
  const start = Math.max(0, text.length - units);
  return text.slice(isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start);
}

/** The characters (code points) of `text`, as a person counts them. */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++)
    if (!isLowSurrogate(text.charCodeAt(i)) || i === 0 || !isHighSurrogate(text.charCodeAt(i - 1))) count++;
  return count;
}
