/**
 * The plan's note on deleted records that the latest import still listed: they stay deleted
 * and are not due (a listing is no evidence that a record exists again), but the inventory
 * export that lists them needs checking.
 */
import type { ChalkInstance } from 'chalk';
import type { PlanSummary } from '../../planner/summary.js';
import { countOf } from '../../plural.js';
import { wrapText } from './text-table.js';
import { visible } from './visible.js';

/** Ids shown before "… and N more": the JSON summary carries every one. */
const SHOWN = 20;

export function renderListedAfterDeletion(summary: PlanSummary, width: number, c: ChalkInstance): string {
  const listed = summary.listedAfterDeletion;
  if (listed.length === 0) return '';
  const ids = listed.slice(0, SHOWN).map((l) => `  ${visible(l.id)} (deleted ${l.deletedAt.slice(0, 10)})`);
  if (listed.length > SHOWN) ids.push(`  … and ${listed.length - SHOWN} more (--format json lists them all)`);
  const heading =
    `${c.yellow.bold('Listed again after deletion')} — check the inventory export: ${countOf(listed.length, 'deleted record')} still listed by the latest import. ` +
    'They stay deleted and are not due; "retention explain ID" shows each deletion.';
  return `\n${wrapText(heading, width)}${ids.map((line) => wrapText(line, width)).join('')}`;
}
