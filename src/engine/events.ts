/**
 * A record's events as of a date. The record's own value of an event wins over its
 * subject's; an event dated after the as-of date has not happened yet as of that date,
 * which is what makes `--as-of` a true point in time.
 */
import type { RecordFacts } from './types.js';
import { toCalendarDate } from './dates.js';

/** Where and when the events are read: the record, the policy's timezone and the as-of date. */
export interface EventView {
  facts: RecordFacts;
  zone: string;
  asOf: string;
}

/** A dated event that has happened. */
export interface DatedEvent {
  event: string;
  date: string;
}

/** The calendar date of `event` if it has happened by the as-of date, else null. */
export function happenedOn(view: EventView, event: string): string | null {
  const text = ownValue(view.facts.record.events, event) ?? ownValue(view.facts.subjectEvents, event);
  if (text === undefined) return null;
  const date = toCalendarDate(text, view.zone);
  return date <= view.asOf ? date : null;
}

/** The first to happen of `events` (ties: the first listed), or null when none has. */
export function earliestHappened(view: EventView, events: readonly string[]): DatedEvent | null {
  let earliest: DatedEvent | null = null;
  for (const event of events) {
    const date = happenedOn(view, event);
    if (date !== null && (earliest === null || date < earliest.date)) earliest = { event, date };
  }
  return earliest;
}

/** The last to happen of `events` (ties: the first listed), or null when none has. */
export function latestHappened(view: EventView, events: readonly string[]): DatedEvent | null {
  let latest: DatedEvent | null = null;
  for (const event of events) {
    const date = happenedOn(view, event);
    if (date !== null && (latest === null || date > latest.date)) latest = { event, date };
  }
  return latest;
}

/**
 * An event's own value, undefined when absent or empty (an empty CSV cell = not happened).
 * Inventories come from JSON: an event named like `constructor` must not reach the prototype.
 */
function ownValue(values: Record<string, string>, name: string): string | undefined {
  const value = Object.hasOwn(values, name) ? values[name] : undefined;
  return value === '' ? undefined : value;
}
