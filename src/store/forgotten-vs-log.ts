/**
 * Forgotten records as the log says (review finding 6): `forgotten_at` can be set with sqlite3
 * behind the tool's back without breaking the chain, and a forgotten record is never decided
 * or deleted again. `audit verify` names every record marked forgotten without a `forget`
 * entry. Pure: a store reads the ids.
 */
import type { LogMismatch } from './audit-log.js';

/** The SQL of both stores: records marked forgotten, and the records that `forget` entries name. */
export const FORGOTTEN_ROWS_SQL = 'SELECT id FROM records WHERE forgotten_at IS NOT NULL ORDER BY id';
export const FORGET_ENTRIES_SQL = "SELECT DISTINCT record FROM audit WHERE action = 'forget' AND record IS NOT NULL";

export function compareForgotten(forgottenRows: readonly string[], forgetEntries: readonly string[]): LogMismatch[] {
  const logged = new Set(forgetEntries);
  return forgottenRows
    .filter((id) => !logged.has(id))
    .map((id) => ({
      code: 'store.forget-not-logged' as const,
      about: id,
      message: `record ${id} is marked forgotten in the records table but has no forget entry in the log: it was changed outside retention`,
    }));
}
