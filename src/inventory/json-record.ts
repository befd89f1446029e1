import type { InventoryRecord } from '../engine/types.js';
import { isEventOrFlagName, NAME_HINT, requireDate, requireNonEmpty } from './fields.js';
import { inventoryError, type SourcePosition } from './problem.js';

const FIELDS = ['id', 'subject', 'category', 'created', 'location', 'events', 'flags'];
const FIELD_SET = new Set(FIELDS);

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Turns one parsed JSON value into a record: `{ id, subject, category, created, location,
 * events: { name: date | null }, flags: { name: boolean } }`. Unknown fields are an error (a
 * typo must not silently drop a fact); an event that is null has not happened.
 */
export function jsonToRecord(value: unknown, at: SourcePosition): InventoryRecord {
  if (!isObject(value)) throw inventoryError(at, 'a record must be a JSON object { "id": …, "category": … }');
  const unknown = Object.keys(value).find((key) => !FIELD_SET.has(key));
  if (unknown !== undefined) throw inventoryError(at, `unknown field "${unknown}"`, `a record's fields are ${FIELDS.join(', ')}`);
  const created = optionalString(value, 'created', at);
  return {
    id: requireNonEmpty(requiredString(value, 'id', at), 'id', at),
    subject: optionalString(value, 'subject', at) || null,
    category: requireNonEmpty(requiredString(value, 'category', at), 'category', at),
    created: created === null ? null : requireDate(created, 'created', at),
    location: optionalString(value, 'location', at) || null,
    events: readEvents(value.events, at),
    flags: readFlags(value.flags, at),
  };
}

function requiredString(record: JsonObject, field: string, at: SourcePosition): string {
  const value = record[field];
  if (value === undefined) throw inventoryError(at, `missing field "${field}"`);
  if (typeof value !== 'string') throw inventoryError(at, `"${field}" must be a string, not ${describe(value)}`);
  return value;
}

function optionalString(record: JsonObject, field: string, at: SourcePosition): string | null {
  const value = record[field];
  return value === undefined || value === null ? null : requiredString(record, field, at);
}

function readEvents(value: unknown, at: SourcePosition): Record<string, string> {
  const events: Record<string, string> = {};
  for (const [name, date] of namedEntries(value, 'events', at)) {
    if (date === null) continue;
    if (typeof date !== 'string') throw inventoryError(at, `event ${name} must be a date text or null, not ${describe(date)}`);
    events[name] = requireDate(date, name, at);
  }
  return events;
}

function readFlags(value: unknown, at: SourcePosition): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const [name, flag] of namedEntries(value, 'flags', at)) {
    if (typeof flag !== 'boolean') throw inventoryError(at, `flag ${name} must be true or false, not ${describe(flag)}`);
    flags[name] = flag;
  }
  return flags;
}

/** The entries of `events` or `flags` (absent or null = none), their names checked. */
function namedEntries(value: unknown, field: string, at: SourcePosition): [string, unknown][] {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) throw inventoryError(at, `"${field}" must be an object of name → value, not ${describe(value)}`);
  const entries = Object.entries(value);
  const badName = entries.find(([name]) => !isEventOrFlagName(name));
  if (badName) throw inventoryError(at, `${field} name ${JSON.stringify(badName[0])} is not valid`, NAME_HINT);
  return entries;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}
