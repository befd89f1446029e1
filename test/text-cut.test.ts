/**
 * Text cut for people (table cells, error messages) never splits a character, and counts what it
 * left out in characters: a cut emoji printed U+FFFD, or an escape that was not in the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { characterCount, headOf, tailOf } from '../src/text-cut.js';

/** Strings of ASCII, astral characters (emoji: two UTF-16 units) and lone surrogates. */
const text = fc
  .array(fc.oneof(fc.constantFrom('a', 'é', '😀', '\u{1F9D1}', '\ud83d', '\ude00')), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('cutting text without splitting a character', () => {
  it('counts characters as Array.from does (a lone surrogate is one)', () => {
    fc.assert(fc.property(text, (s) => characterCount(s) === Array.from(s).length));
  });

  it('a head is a prefix of at most n units, one fewer only where the cut would split a pair', () => {
    fc.assert(
      fc.property(text, fc.nat(50), (s, n) => {
        const head = headOf(s, n);
        expect(s.startsWith(head)).toBe(true);
        expect(head.length).toBeLessThanOrEqual(n);
        expect(Array.from(s.slice(head.length)).join('')).toBe(s.slice(head.length)); // the rest starts on a character
        expect(characterCount(head) + characterCount(s.slice(head.length))).toBe(characterCount(s));
      }),
    );
  });

  it('a tail is a suffix of at most n units that starts on a character', () => {
    fc.assert(
      fc.property(text, fc.nat(50), (s, n) => {
        const tail = tailOf(s, n);
        expect(s.endsWith(tail)).toBe(true);
        expect(tail.length).toBeLessThanOrEqual(n);
        expect(characterCount(s.slice(0, s.length - tail.length)) + characterCount(tail)).toBe(characterCount(s));
      }),
    );
  });

  it('keeps an emoji whole or leaves it out', () => {
    expect(headOf('ab😀', 3)).toBe('ab');
    expect(headOf('ab😀', 4)).toBe('ab😀');
    expect(tailOf('😀ab', 3)).toBe('ab');
  });
});
