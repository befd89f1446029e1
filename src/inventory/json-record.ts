import type { InventoryRecord } from '../engine/types.js';
import { isEventOrFlagName, NAME_HINT, optionalText, requireDate, requireNonEmpty } from './fields.js';
import { RecordFault } from './problem.js';
import { isRecord } from '../is-record.js';

const FIELDS = ['id', 'subject', 'category', 'created', 'location', 'events', 'flags'];
const FIELD_SET = new Set(FIELDS);

type JsonObject = Record<string, unknown>;

/**
 * Turns one parsed JSON value into a record: `{ id, subject, category, created, location,
 * events: { name: date | null }, flags: { name: boolean } }`. Unknown fields are an error (a
 * typo must not silently drop a fact); an event that is null has not happened.
 */
export function jsonToRecord(value: unknown): InventoryRecord {
  if (!isRecord(value)) throw new RecordFault('inventory.not-a-record', 'a record must be a JSON object { "id": …, "category": … }');
  const unknown = Object.keys(value).find((key) => !FIELD_SET.has(key));
  if (unknown !== undefined)
    throw new RecordFault('inventory.unknown-field', `unknown field "${unknown}"`, `a record's fields are ${FIELDS.join(', ')}`);
  const created = optionalString(value, 'created');
  return {
    id: requireNonEmpty(requiredString(value, 'id'), 'id'),
    subject: optionalText(optionalString(value, 'subject'), 'subject'),
    category: requireNonEmpty(requiredString(value, 'category'), 'category'),
    created: created === null ? null : requireDate(created, 'created'),
    location: optionalText(optionalString(value, 'location'), 'location'),
    events: readEvents(value.events),
    flags: readFlags(value.flags),
  };
}

function requiredString(record: JsonObject, field: string): string {
  const value = record[field];
  if (value === undefined) throw new RecordFault('inventory.missing-field', `missing field "${field}"`);
  if (typeof value !== 'string') throw new RecordFault('inventory.wrong-type', `"${field}" must be a string, not ${describe(value)}`);
  return value;
}

function optionalString(record: JsonObject, field: string): string | null {
  const value = record[field];
  return value === undefined || value === null ? null : requiredString(record, field);
}

function readEvents(value: unknown): Record<string, string> {
  const events: Record<string, string> = {};
  for (const [name, date] of namedEntries(value, 'events')) {
    if (date === null) continue;
    if (typeof date !== 'string')
      throw new RecordFault('inventory.wrong-type', `event ${name} must be a date text or null, not ${describe(date)}`);
    events[name] = requireDate(date, name);
  }
  return events;
}

function readFlags(value: unknown): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const [name, flag] of namedEntries(value, 'flags')) {
    if (typeof flag !== 'boolean')
      throw new RecordFault('inventory.wrong-type', `flag ${name} must be true or false, not ${describe(flag)}`);
    flags[name] = flag;
  }
  return flags;
}

/** The entries of `events` or `flags` (absent or null = none), their names checked. */
function namedEntries(value: unknown, field: string): [string, unknown][] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value))
    throw new RecordFault('inventory.wrong-type', `"${field}" must be an object of name → value, not ${describe(value)}`);
  const entries = Object.entries(value);
  const badName = entries.find(([name]) => !isEventOrFlagName(name));
  if (badName) throw new RecordFault('inventory.bad-name', `${field} name ${JSON.stringify(badName[0])} is not valid`, NAME_HINT);
  return entries;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}
