/**
 * Why a database target (sqlite, postgres) does not believe a row is "already absent", or does
 * not delete the row a ref seems to name (issues A1, A7): the same words from every such target.
 */
export const EMPTY_TABLE = 'not deleted: the table is empty — is this the right database? "already absent" is not believed';
export const SIMILAR_KEY =
  'not deleted: a row with a similar key exists (differing only in case, Unicode form, hidden characters, or as a number: 5 and 5.0) — check the reference';
