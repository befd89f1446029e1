/**
 * Checks shared by every inventory format. Each throws a RecordFault; the reader adds where.
 */
import { isValidDateText } from '../engine/dates.js';
import { RecordFault } from './problem.js';
import { isIdentifier } from '../vocabulary.js';

export const NAME_HINT = 'event and flag names use letters, digits and _, and do not start with a digit';
const DATE_HINT = 'use YYYY-MM-DD or an ISO 8601 timestamp';

/** True for a name usable as an event or flag (`__proto__` would corrupt a plain object). */
export function isEventOrFlagName(name: string): boolean {
  return isIdentifier(name) && name !== '__proto__';
}

/** Returns `text` when it is a date or timestamp; `label` names the field in the message. */
export function requireDate(text: string, label: string): string {
  if (!isValidDateText(text)) throw new RecordFault('inventory.bad-date', `${label} ${JSON.stringify(text)} is not a date`, DATE_HINT);
  return text;
}

/** Returns `text` when it is not empty (and is well-formed text, see `requireText`). */
export function requireNonEmpty(text: string, label: string): string {
  if (text === '') throw new RecordFault('inventory.empty-value', `${label} is empty`, `every record needs a value for ${label}`);
  return requireText(text, label);
}

/**
 * Returns `text` when it is well-formed Unicode without U+FFFD. A lone surrogate (`"\ud800"`
 * in JSON) is stored as bytes that read back as another string, so the record could never be
 * matched again; U+FFFD is what bytes that are not UTF-8 decode to, so the file does not say
 * what it means. Either way the id, subject or place is not what the source system holds.
 */
export function requireText(text: string, label: string): string {
  if (!text.isWellFormed()) {
    throw new RecordFault('inventory.bad-text', `${label} ${JSON.stringify(text)} is not well-formed Unicode (it holds a lone surrogate)`, ENCODING_HINT);
  }
  if (text.includes('\uFFFD')) {
    throw new RecordFault('inventory.bad-text', `${label} ${JSON.stringify(text)} holds U+FFFD "\uFFFD": the file is not valid UTF-8 here`, ENCODING_HINT);
  }
  return text;
}

/** `text` checked by `requireText`, or null when it is empty or absent (an optional field). */
export function optionalText(text: string | null | undefined, label: string): string | null {
  return text ? requireText(text, label) : null;
}

const ENCODING_HINT = 'export the inventory again as UTF-8 from the system that holds the records';
