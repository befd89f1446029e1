/**
 * A batch's ids go to SQLite as JSON arrays read by `json_each`: one statement per batch, not
 * one per record. An id may be up to a record's 1 MB of text, so a thousand long ids would make
 * one JSON text longer than the longest string V8 can build (an `apply` then failed as a bug,
 * exit 70). The ids are split into arrays of at most `maxChars` characters each; ordinary ids
 * still make one array, so one statement.
 */
export const MAX_JSON_CHARS = 16 * 1024 * 1024;

/** `ids` as JSON arrays, in order, each at most `maxChars` long unless one id alone is longer; `['[]']` for none. */
export function jsonIdLists(ids: readonly string[], maxChars = MAX_JSON_CHARS): string[] {
  const lists: string[] = [];
  let part: string[] = [];
  let chars = 2;
  for (const id of ids) {
    const text = JSON.stringify(id);
    if (part.length > 0 && chars + 1 + text.length > maxChars) {
      lists.push(`[${part.join(',')}]`);
      part = [];
      chars = 2;
    }
    part.push(text);
    chars += text.length + 1;
  }
  lists.push(`[${part.join(',')}]`);
  return lists;
}
