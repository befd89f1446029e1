/**
 * Values read back from the store's text columns, checked to be what retention writes. A row
 * edited by hand (events that are not JSON, a date that is not one, a float in an audit detail)
 * is a damaged store, named with the row (DamagedRow), rather than a crash deep in the engine.
 * Hot path of a million-record plan: `{}` skips JSON.parse, and names are remembered once checked.
 */
import type { AuditDetail, AuditScalar } from '../audit-entry.js';
import { isValidDateText } from '../engine/dates.js';
import { isEventOrFlagName } from '../inventory/fields.js';
import { isRecord } from '../is-record.js';

/**
 * Thrown by the readers of every kind of store for a row that is not what retention writes
 * (edited outside it): the message says which row and what is wrong; each store's error
 * translation (storeError, postgresStoreError) names the store around it.
 */
export class DamagedRow extends Error {}

const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});

/** Event and flag names already found plain: a store holds a few dozen, read a million times. */
const plainNames = new Set<string>();
const NAMES_REMEMBERED = 10_000;

function isPlainName(name: string): boolean {
  if (plainNames.has(name)) return true;
  if (!isEventOrFlagName(name)) return false;
  if (plainNames.size < NAMES_REMEMBERED) plainNames.add(name);
  return true;
}

/** A record's `events` column: event name → date or timestamp. */
export function storedEvents(json: string, record: string): Readonly<Record<string, string>> {
  const events = parsedObject(json, 'events', record);
  // for…in, not Object.entries: no array per record; JSON.parse gives own properties only.
  for (const name in events) {
    const date = events[name];
    if (!isPlainName(name)) throw new DamagedRow(`record "${record}": its event name ${JSON.stringify(name)} is not a plain identifier`);
    if (typeof date !== 'string' || !isValidDateText(date))
      throw new DamagedRow(`record "${record}": its event ${name} ${JSON.stringify(date)} is not a date`);
  }
  return events as Readonly<Record<string, string>>;
}

/** A record's `flags` column: flag name → true or false. */
export function storedFlags(json: string, record: string): Readonly<Record<string, boolean>> {
  const flags = parsedObject(json, 'flags', record);
  for (const name in flags) {
    const value = flags[name];
    if (!isPlainName(name)) throw new DamagedRow(`record "${record}": its flag name ${JSON.stringify(name)} is not a plain identifier`);
    if (typeof value !== 'boolean')
      throw new DamagedRow(`record "${record}": its flag ${name} ${JSON.stringify(value)} is not true or false`);
  }
  return flags as Readonly<Record<string, boolean>>;
}

/** A date column (a record's `created`, a recorded event's date); `what` names the row. */
export function storedDate<T extends string | null>(date: T, what: string): T {
  if (date !== null && !isValidDateText(date)) throw new DamagedRow(`${what} ${JSON.stringify(date)} is not a date`);
  return date;
}

/**
 * An audit entry's `detail`: strings, integers, booleans and null, one level of objects deep
 * (what sealEntry writes). Anything else would hash differently in another JCS implementation,
 * or not at all (`1e400` is Infinity).
 */
export function storedDetail(json: string, seq: number): AuditDetail {
  const detail = parsedObject(json, 'detail', seq);
  // for…in, not Object.entries: no arrays per entry of a million-entry `audit verify`.
  for (const key in detail) {
    const value = detail[key];
    if (isRecord(value)) {
      for (const inner in value) if (!isAuditScalar(value[inner])) throw notAuditScalar(seq, `${key}.${inner}`);
    } else if (!isAuditScalar(value)) {
      throw notAuditScalar(seq, key);
    }
  }
  return detail as AuditDetail;
}

function notAuditScalar(seq: number, name: string): DamagedRow {
  return new DamagedRow(
    `audit entry ${seq}: its detail ${JSON.stringify(name)} is not a string, integer, true, false or null — the log was changed outside retention`,
  );
}

function isAuditScalar(value: unknown): value is AuditScalar {
  return (
    value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isSafeInteger(value))
  );
}

/** The JSON object in a column; `what` and `of` (a record id or an audit seq) name it when it is not one. */
function parsedObject(json: string, what: 'events' | 'flags' | 'detail', of: string | number): Readonly<Record<string, unknown>> {
  if (json === '{}') return EMPTY_OBJECT;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = null;
  }
  if (isRecord(value)) return value;
  throw new DamagedRow(
    what === 'detail'
      ? `audit entry ${of}: its detail is not a JSON object — the log was changed outside retention`
      : `record "${of}": its ${what} are not a JSON object of ${what === 'events' ? 'dates' : 'true and false'}`,
  );
}
