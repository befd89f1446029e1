/**
 * The plan's note on deleted records that the latest import still listed: they stay deleted
 * and are not due (a listing is no evidence that a record exists again), but the inventory
 * export that lists them needs checking.
 */
import type { ChalkInstance } from 'chalk';
import type { PlanSummary } from '../../plan/summary.js';

/** Ids shown before "… and N more": the JSON summary carries every one. */
const SHOWN = 20;

export function renderListedAfterDeletion(summary: PlanSummary, c: ChalkInstance): string {
  const listed = summary.listedAfterDeletion;
  if (listed.length === 0) return '';
  const ids = listed.slice(0, SHOWN).map((l) => `${l.id} (deleted ${l.deletedAt.slice(0, 10)})`);
  if (listed.length > SHOWN) ids.push(`… and ${listed.length - SHOWN} more (--format json lists them all)`);
  const count = listed.length === 1 ? '1 deleted record is' : `${listed.length} deleted records are`;
  return (
    `${c.yellow.bold('Listed again after deletion')} — check the inventory export: ${count} still listed by the latest import. ` +
    `They stay deleted and are not due; "retention explain ID" shows each deletion.\n  ${ids.join('\n  ')}\n`
  );
}
