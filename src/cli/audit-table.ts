/** `audit list` for people: one table row per entry, the detail shortened to fit. */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { canonicalJson, type AuditEntry } from '../audit-entry.js';
import { visible } from './render/visible.js';
import { headOf } from '../text-cut.js';

const DETAIL_WIDTH = 60;
const NONE = '—';

/**
 * Entries per table: cli-table3 lays a table out in time quadratic in its rows, so `audit list`
 * of a 43,800-entry log printed nothing in minutes. A long list is a series of tables, each with
 * its head, written as the entries are read.
 */
const TABLE_PAGE = 500;

/** Writes the entries as tables of TABLE_PAGE rows, or a sentence when there are none. */
export async function writeAuditTables(
  entries: AsyncIterable<AuditEntry>,
  write: (text: string) => Promise<void>,
  colour: ChalkInstance,
): Promise<void> {
  let page: AuditEntry[] = [];
  let written = false;
  for await (const entry of entries) {
    page.push(entry);
    if (page.length < TABLE_PAGE) continue;
    await write(`${auditTable(page, colour)}\n`);
    page = [];
    written = true;
  }
  if (page.length > 0 || !written) await write(`${auditTable(page, colour)}\n`);
}

/** The rendered table, or a sentence when there is nothing to show; colours only when `colour` has any. */
export function auditTable(entries: readonly AuditEntry[], colour: ChalkInstance): string {
  if (entries.length === 0) return 'No audit entries.';
  const table = new Table({
    head: ['seq', 'at', 'actor', 'action', 'run', 'record', 'rule', 'detail'],
    // cli-table3 colours its head and borders by default, terminal or not.
    style: { head: colour.level > 0 ? ['bold'] : [], border: colour.level > 0 ? ['grey'] : [] },
  });
  for (const e of entries) {
    // Read back from a store: any of these may hold what a terminal would act on (visible.ts).
    table.push(
      [String(e.seq), e.at, e.actor, e.action, e.run ?? NONE, e.record ?? NONE, e.rule ?? NONE, shortDetail(e.detail)].map(visible),
    );
  }
  return table.toString();
}

/** `key=value` pairs in the entry's own order, cut at a fixed width: the full text is in `--format json`. */
export function shortDetail(detail: AuditEntry['detail']): string {
  if (detail === null) return '';
  const text = Object.entries(detail)
    .map(([key, value]) => `${key}=${value !== null && typeof value === 'object' ? canonicalJson(value) : String(value)}`)
    .join(' ');
  return text.length > DETAIL_WIDTH ? `${headOf(text, DETAIL_WIDTH - 1)}…` : text;
}
