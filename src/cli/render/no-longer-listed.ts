/**
 * The plan's section on records that the latest import of their scope no longer listed
 * (reconciliation): not deleted by retention, so an auditor will ask where they went. They are
 * not decided or deleted until an import lists them again or a person forgets them.
 */
import type { ChalkInstance } from 'chalk';
import type { PlanSummary } from '../../planner/summary.js';
import { countOf } from '../../plural.js';
import { wrapText } from './text-table.js';
import { visible } from './visible.js';

/** Ids shown before "… and N more": the JSON summary carries every one. */
const SHOWN = 20;

/** What a person does about them, in the table and the HTML report alike. */
export const NO_LONGER_LISTED_TODO =
  'Not deleted by retention: were they deleted elsewhere? Until an import lists them again they are not decided or deleted. ' +
  'For each one that is gone: retention inventory forget ID --by NAME --reason TEXT.';

export function renderNoLongerListed(summary: PlanSummary, width: number, c: ChalkInstance): string {
  const gone = summary.noLongerListed;
  if (gone.length === 0) return '';
  const ids = gone
    .slice(0, SHOWN)
    .map((r) => `  ${visible(r.id)} (${visible(r.category)}; no longer listed since ${r.since.slice(0, 10)})`);
  if (gone.length > SHOWN) ids.push(`  … and ${gone.length - SHOWN} more (--format json lists them all)`);
  const heading = `${c.yellow.bold('No longer listed')}: ${countOf(gone.length, 'record')}. ${NO_LONGER_LISTED_TODO}`;
  return `\n${wrapText(heading, width)}${ids.map((line) => wrapText(line, width)).join('')}`;
}
