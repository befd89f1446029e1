/**
 * Checks shared by every inventory format. Each throws a RecordFault; the reader adds where.
 */
import { isValidDateText } from '../engine/dates.js';
import { memoise } from '../engine/memo.js';
import { RecordFault } from './problem.js';

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const NAME_HINT = 'event and flag names use letters, digits and _, and do not start with a digit';
const DATE_HINT = 'use YYYY-MM-DD or an ISO 8601 timestamp';

/** True for a name usable as an event or flag (`__proto__` would corrupt a plain object). */
export function isEventOrFlagName(name: string): boolean {
  return NAME_PATTERN.test(name) && name !== '__proto__';
}

// Dates repeat heavily across a large inventory and checking one builds a luxon DateTime,
// the costly part of a read; the memo table empties itself when full, so memory stays flat.
const isValidDate = memoise(50_000, isValidDateText);

/** Returns `text` when it is a date or timestamp; `label` names the field in the message. */
export function requireDate(text: string, label: string): string {
  if (!isValidDate(text)) throw new RecordFault(`${label} ${JSON.stringify(text)} is not a date`, DATE_HINT);
  return text;
}

/** Returns `text` when it is not empty. */
export function requireNonEmpty(text: string, label: string): string {
  if (text === '') throw new RecordFault(`${label} is empty`, `every record needs a value for ${label}`);
  return text;
}
