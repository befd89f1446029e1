/**
 * `explain` on a record a person closed with `inventory forget`: who closed it and when (its
 * `forget` entry; the reason stays in the store), and every audit entry about it.
 */
import type { ChalkInstance } from 'chalk';
import type { ForgottenRecord } from '../../planner/explain-record.js';
import { entryNote } from './explain-deleted.js';
import { visible } from './visible.js';

export function forgottenJson({ forget, history }: ForgottenRecord): unknown {
  return {
    record: forget.record,
    forgotten: { at: forget.at, by: forget.actor, category: forget.category, subject: forget.subject },
    history,
  };
}

export function forgottenText(id: string, { forget, history }: ForgottenRecord, c: ChalkInstance): string {
  const lines = [
    c.bold(`Record ${visible(id)}`) +
      ` — category ${visible(forget.category ?? '(unknown)')}, subject ${visible(forget.subject ?? '(none)')}`,
    '',
    `${c.bold('FORGOTTEN')} on ${forget.at} by ${visible(forget.actor)} (inventory forget): gone without a deletion by retention.`,
    'It is never decided or deleted again, whatever an import lists; the reason given is kept in the store.',
    '',
    'History (audit log):',
    ...history.map((e) => visible(`  #${e.seq}  ${e.at}  ${e.action.padEnd(10)} by ${e.actor}${entryNote(e)}`)),
  ];
  return `${lines.join('\n')}\n`;
}
