/**
 * What JSON.stringify does not write as it is in a string: a control character, a quote, a
 * backslash, a surrogate (paired or lone, so that the check stays one range). A string without
 * any is written as itself between quotes, which hot paths do without calling JSON.stringify.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
export const NEEDS_JSON_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
