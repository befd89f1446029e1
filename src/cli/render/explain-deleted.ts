/**
 * `explain` on a record the store has deleted: not "no record", but its history — when it was
 * deleted, by which run, under which rule (from its tombstone), and every audit entry about it.
 */
import type { ChalkInstance } from 'chalk';
import type { AuditEntry } from '../../audit-entry.js';
import type { DeletedRecord } from '../../planner/explain-record.js';
import { shownTombstone } from './explain.js';

export function deletedJson({ facts, history }: DeletedRecord): unknown {
  return { record: facts.record, deleted: shownTombstone(facts.tombstone), history };
}

export function deletedText({ facts, history }: DeletedRecord, c: ChalkInstance): string {
  const { record: r, tombstone: t } = facts;
  const lines = [
    c.bold(`Record ${r.id}`) + ` — category ${r.category}, subject ${r.subject ?? '(none)'}, created ${r.created ?? '(unknown)'}`,
  ];
  if (r.location) lines.push(`Location: ${r.location}`);
  lines.push(
    '',
    `${c.bold('DELETED')} on ${t.deletedAt} by run ${t.run ?? '(none: confirmed by hand)'}, under rule ${t.rule ?? '(unknown)'}.`,
    'It is no longer planned: only its tombstone is kept. It is due again only if a run finds it back in its target (a restored backup).',
  );
  if (t.listedAgainAt) {
    lines.push(`The latest import (${t.listedAgainAt}) still lists it: check the inventory export. It stays deleted and is not due.`);
  }
  if (history.length > 0) {
    lines.push('', 'History (audit log):');
    for (const e of history) lines.push(`  #${e.seq}  ${e.at}  ${e.action.padEnd(10)} by ${e.actor}${entryNote(e)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What an entry adds to the story, from fields the log holds (no personal data there). */
function entryNote(e: AuditEntry): string {
  const parts: string[] = [];
  if (e.run) parts.push(`run ${e.run}`);
  if (e.rule) parts.push(`rule ${e.rule}`);
  const detail = e.detail ?? {};
  for (const key of ['result', 'method', 'error', 'target', 'event', 'date'] as const) {
    const value = detail[key];
    if (typeof value === 'string') parts.push(`${key} ${value}`);
  }
  return parts.length === 0 ? '' : ` — ${parts.join(', ')}`;
}
