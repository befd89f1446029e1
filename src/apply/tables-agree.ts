/**
 * Apply refuses to run while the events table or a record's deleted state says otherwise than
 * the audit log (log-view-records.ts): a forged events row, or a deleted record made live
 * again with sqlite3 or psql, would otherwise decide a deletion that the log cannot account
 * for. (Holds and approvals need no refusal: apply acts on them as the log says.)
 */
import { refusal } from '../errors.js';
import type { AuditLog, LogMismatch } from '../store/types.js';

/** How many of the differences the refusal names; `audit verify` lists them all. */
const SHOWN = 5;

/** @throws RetentionError `apply.tables-disagree` (exit 2, nothing changed) when they disagree. */
export async function refuseTablesAgainstLog(store: Pick<AuditLog, 'tablesAgainstLog'>): Promise<void> {
  const found = (await store.tablesAgainstLog()).filter(decidesDeletions);
  if (found.length === 0) return;
  const named = found.slice(0, SHOWN).map((m) => `  ${m.message}`);
  if (found.length > SHOWN) named.push(`  … and ${found.length - SHOWN} more`);
  throw refusal(
    'apply.tables-disagree',
    `store tables disagree with the audit log: run audit verify; nothing was changed\n${named.join('\n')}`,
  );
}

function decidesDeletions(mismatch: LogMismatch): boolean {
  return mismatch.code.startsWith('store.event-') || mismatch.code.startsWith('store.record-');
}
