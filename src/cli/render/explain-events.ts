/**
 * `explain`'s account of a record's events: every date from the inventory and the event
 * history (its own and its subject's), and which one counts — so that where the inventory and a
 * recorded event disagree, the DPO sees which one the decision used. "Which one counts" is the
 * engine's own answer (events.ts), not a copy of its rules.
 */
import { happenedOn, inventoryValue, type EventView } from '../../engine/events.js';
import { toCalendarDate } from '../../engine/dates.js';
import type { RecordedEvent } from '../../store/types.js';
import { visible } from './visible.js';

export interface EventDate {
  date: string;
  /** `inventory`: the imported file; `record`/`subject`: recorded with `event add` (with its id). */
  source: 'inventory' | 'record' | 'subject';
  id: string | null;
  addedBy: string | null;
  addedAt: string | null;
}

export interface EventAccount {
  event: string;
  dates: EventDate[];
  /** Whether the subject's dates are set aside because the record has its own. */
  subjectOverridden: boolean;
  /** The date that counts where the latest counts (retention triggers, reviews), and where the earliest does (erase_on, erasure requests). */
  counts: { latest: string | null; earliest: string | null };
}

/** One account per event name the record or its subject has, in name order. `recorded`: the active recorded events. */
export function accountForEvents(view: EventView, recorded: readonly RecordedEvent[]): EventAccount[] {
  const { record } = view.facts;
  const byName = new Map<string, EventDate[]>();
  const add = (event: string, date: EventDate) => {
    const dates = byName.get(event);
    if (dates) dates.push(date);
    else byName.set(event, [date]);
  };
  for (const event of Object.keys(record.events)) {
    const date = inventoryValue(record, event);
    if (date !== undefined) add(event, { date, source: 'inventory', id: null, addedBy: null, addedAt: null });
  }
  for (const e of recorded) {
    if (e.removedAt === null) add(e.event, { date: e.date, source: e.scope, id: e.id, addedBy: e.addedBy, addedAt: e.addedAt });
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([event, dates]) => ({
      event,
      dates,
      subjectOverridden: dates.some((d) => d.source === 'subject') && dates.some((d) => d.source !== 'subject'),
      counts: { latest: happenedOn(view, event, 'latest'), earliest: happenedOn(view, event, 'earliest') },
    }));
}

/** The events as lines of text: each date with its source, then which one counts when there is a choice. */
export function eventLines(accounts: readonly EventAccount[], view: EventView): string[] {
  if (accounts.length === 0) return ['Events: (none)'];
  const lines = ['Events:'];
  for (const { event, dates, subjectOverridden, counts } of accounts) {
    lines.push(visible(`  ${event}: ${dates.map((d) => dateText(d, view, subjectOverridden)).join('; ')}`));
    if (dates.length > 1) lines.push(`    → ${countsText(counts)}`);
  }
  return lines;
}

function dateText(d: EventDate, view: EventView, subjectOverridden: boolean): string {
  const source =
    d.source === 'inventory'
      ? 'inventory'
      : `${d.source === 'subject' ? `subject ${view.facts.record.subject ?? ''}, ` : ''}recorded ${d.id} by ${d.addedBy} on ${d.addedAt?.slice(0, 10)}`;
  const notes = [source];
  if (d.source === 'subject' && subjectOverridden) notes.push("set aside: the record's own date wins");
  if (toCalendarDate(d.date, view.zone) > view.asOf) notes.push('after the as-of date: not happened yet');
  return `${d.date} (${notes.join(', ')})`;
}

function countsText({ latest, earliest }: EventAccount['counts']): string {
  if (latest === null) return 'none has happened by the as-of date';
  if (latest === earliest) return `${latest} counts`;
  return `${latest} counts as a retention trigger or review date (the latest); ${earliest} for erase_on and erasure requests (the earliest)`;
}
