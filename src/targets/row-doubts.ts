/**
 * Why a database target (sqlite, postgres) does not believe a row is "already absent", or does
 * not delete the row a ref seems to name (issues A1, A7): the same words from every such target.
 */
export const EMPTY_TABLE = 'not deleted: the table is empty — is this the right database? "already absent" is not believed';
export const SIMILAR_KEY =
  'not deleted: a row with a similar key exists (differing only in case, Unicode form, hidden characters, or as a number: 5 and 5.0) — check the reference';
/** A ref that an integer key column writes otherwise (`01`, `0x8`, `+8` for 8): it names no row exactly (issue A1). */
export const NOT_PLAIN = 'refused: not a plain key (the key column writes this value differently, e.g. 1 for 01) — check the reference';
/** An integer key's own text: decimal digits, no sign but a minus, no leading zero. */
export const PLAIN_INTEGER = /^(?:0|-?[1-9][0-9]*)$/;
