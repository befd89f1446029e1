/**
 * A record's events as of a date. Events are history (DESIGN §2): the inventory gives at most
 * one date per event, and `event add` may have recorded more, on the record or on its subject.
 * The record's own dates (inventory and recorded alike) win over its subject's; an event dated
 * after the as-of date has not happened yet as of that date, which is what makes `--as-of` a
 * true point in time. When several dates have happened, the use decides which one counts
 * (see DateChoice); `created` is the record's `created` field, a trigger like any other event.
 */
import type { EventHistory, InventoryRecord, RecordFacts } from './types.js';
import { toCalendarDate } from './dates.js';
import { CREATED_EVENT } from '../vocabulary.js';

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

/**
 * Which of several dates of one event counts, by what the event is used for:
 * - `latest` for a retention trigger (`retain.from`/`until`) and a review's `from`: retention
 *   wins, so a service that ended again keeps its records from the later end, and the latest
 *   consent confirmation is the one a review counts from;
 * - `earliest` for an event that ends retention (`erase_on`, an erasure request): the first
 *   withdrawal ended the consent, and the first request fixes the art. 17 deadline — a second
 *   request must not move it.
 */
export type DateChoice = 'latest' | 'earliest';

/** The date of `event` that counts for `choice`, among those that happened by the as-of date; null when none has. */
export function happenedOn(view: EventView, event: string, choice: DateChoice): string | null {
  const { record, recordedEvents, subjectEvents } = view.facts;
  const listed = inventoryValue(record, event);
  const recorded = recordedEvents === undefined ? undefined : datesOf(recordedEvents, event);
  if (listed !== undefined || recorded !== undefined) return chosenDate(listed, recorded, view, choice);
  const inherited = datesOf(subjectEvents, event);
  return inherited === undefined ? null : chosenDate(undefined, inherited, view, choice);
}

/** The first to happen of `events` (each at its earliest date; ties: the first listed), or null when none has. */
export function earliestHappened(view: EventView, events: readonly string[]): DatedEvent | null {
  let earliest: DatedEvent | null = null;
  for (const event of events) {
    const date = happenedOn(view, event, 'earliest');
    if (date !== null && (earliest === null || date < earliest.date)) earliest = { event, date };
  }
  return earliest;
}

/** The last to happen of `events` (each at its latest date; ties: the first listed), or null when none has. */
export function latestHappened(view: EventView, events: readonly string[]): DatedEvent | null {
  let latest: DatedEvent | null = null;
  for (const event of events) {
    const date = happenedOn(view, event, 'latest');
    if (date !== null && (latest === null || date > latest.date)) latest = { event, date };
  }
  return latest;
}

/**
 * The inventory's date of an event on the record, undefined when absent or empty (an empty CSV
 * cell = not happened). Inventories come from JSON: an event named like `constructor` must not
 * reach the prototype. `created` comes from the record's own field unless `events` names it.
 */
export function inventoryValue(record: InventoryRecord, name: string): string | undefined {
  const value = Object.hasOwn(record.events, name) ? record.events[name] : undefined;
  if (value !== undefined && value !== '') return value;
  return name === CREATED_EVENT && record.created !== null && record.created !== '' ? record.created : undefined;
}

function datesOf(history: EventHistory, name: string): readonly string[] | undefined {
  return Object.hasOwn(history, name) ? history[name] : undefined;
}

function chosenDate(
  listed: string | undefined,
  recorded: readonly string[] | undefined,
  view: EventView,
  choice: DateChoice,
): string | null {
  let chosen = listed === undefined ? null : dateIfHappened(listed, view);
  if (recorded === undefined) return chosen;
  for (const text of recorded) {
    const date = dateIfHappened(text, view);
    if (date !== null && (chosen === null || (choice === 'latest' ? date > chosen : date < chosen))) chosen = date;
  }
  return chosen;
}

function dateIfHappened(text: string, view: EventView): string | null {
  const date = toCalendarDate(text, view.zone);
  return date <= view.asOf ? date : null;
}
