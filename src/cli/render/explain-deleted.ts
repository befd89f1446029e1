/**
 * `explain` on a record the store has deleted: not "no record", but its history — when it was
 * deleted, by which run, under which rule (from its tombstone), and every audit entry about it.
 */
import type { ChalkInstance } from 'chalk';
import type { AuditEntry } from '../../audit-entry.js';
import type { DeletedRecord } from '../../planner/explain-record.js';
import { visible } from './visible.js';
import { shownTombstone } from './explain.js';

export function deletedJson({ facts, history }: DeletedRecord): unknown {
  return { record: facts.record, deleted: shownTombstone(facts.tombstone), history };
}

export function deletedText({ facts, history }: DeletedRecord, c: ChalkInstance): string {
  const { record: r, tombstone: t } = facts;
  const lines = [
    c.bold(`Record ${visible(r.id)}`) +
      ` — category ${visible(r.category)}, subject ${visible(r.subject ?? '(none)')}, created ${visible(r.created ?? '(unknown)')}`,
  ];
  if (r.location) lines.push(`Location: ${visible(r.location)}`);
  lines.push(
    '',
    `${c.bold('DELETED')} on ${t.deletedAt} by run ${t.run ?? '(none: confirmed by hand)'}, under rule ${t.rule ?? '(unknown)'}.`,
    `It is no longer planned: only its tombstone is kept. ${destroyedByHand(history) ? PAPER_STAYS_DESTROYED : DUE_AGAIN_IF_FOUND_BACK}`,
  );
  if (t.listedAgainAt) {
    lines.push(`The latest import (${t.listedAgainAt}) still lists it: check the inventory export. It stays deleted and is not due.`);
  }
  if (history.length > 0) {
    lines.push('', 'History (audit log):');
    for (const e of history) lines.push(visible(`  #${e.seq}  ${e.at}  ${e.action.padEnd(10)} by ${e.actor}${entryNote(e)}`));
  }
  return `${lines.join('\n')}\n`;
}

const DUE_AGAIN_IF_FOUND_BACK = 'It is due again only if a run finds it back in its target (a restored backup).';
// No run can look for paper (reappeared.ts): saying it might come back would send a reader looking.
const PAPER_STAYS_DESTROYED = 'A person destroyed it by hand and confirmed it; no run can find paper back, so it is never due again.';

/** Whether its latest destruction was a person's `confirm` (a manual target), not a target's deletion. */
function destroyedByHand(history: readonly AuditEntry[]): boolean {
  return history.findLast((e) => e.action === 'deleted' || e.action === 'confirm')?.action === 'confirm';
}

/** What an entry adds to the story, from fields the log holds (no personal data there). */
export function entryNote(e: AuditEntry): string {
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
