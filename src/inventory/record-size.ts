/**
 * The most text one inventory record may take. Real records are a few hundred characters; a
 * reader holds a whole record (a CSV line, a JSON line, an array element) as one string, and a
 * single 512 MB field ended in V8's "Invalid string length" (exit 70) after using gigabytes.
 */
import { inventoryError, type SourcePosition } from './problem.js';

export const MAX_RECORD_CHARS = 1024 * 1024;

export function recordTooLong(at: SourcePosition) {
  return inventoryError(
    at,
    'inventory.record-too-long',
    'the record is longer than 1 MB of text, which no real record is: the file is damaged, or a field holds a document instead of a reference to one',
    'check the export at this line; a record needs an id, subject, category, dates and a location, not contents',
  );
}
