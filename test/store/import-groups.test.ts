/**
 * The SQLite import inserts new records GROUP at a time and takes a group holding a record the
 * store already has one record at a time (sqlite-new-records.ts). Whatever mix of new, unchanged,
 * changed and deleted records an import lists, in any order, the store must end exactly as the
 * one-at-a-time way leaves it: the same counts, the same rows, the same audit log.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { InventoryRecord } from '../../src/engine/types.js';
import type { Store } from '../../src/store/types.js';
import { GROUP } from '../../src/store/sqlite-new-records.js';
import { allEntries, record, tempStore } from './helpers.js';

const POOL = 3 * GROUP + 5;

/** Record `n` in one of a few contents, so that a re-listing may be unchanged or changed. */
const variantOf = (n: number, variant: number): InventoryRecord =>
  record(`R-${n}`, {
    category: variant === 2 ? 'photograph' : 'care-plan',
    events: variant === 1 ? { service_ended: '2020-01-01' } : {},
  });

/** Which records of the pool a file lists, in which order and content; at least one group's worth when `minLength` says. */
const listing = (minLength: number) =>
  fc.uniqueArray(fc.tuple(fc.nat(POOL - 1), fc.nat(2)), { selector: ([n]) => n, minLength, maxLength: POOL, size: 'max' });

async function importInto(store: Store, before: readonly InventoryRecord[], deleted: readonly number[], after: InventoryRecord[][]) {
  if (before.length > 0) await store.importRecords(before, { actor: 'admin' });
  const known = new Set(before.map((r) => r.id));
  const toDelete = deleted.map((n) => `R-${n}`).filter((id) => known.has(id));
  if (toDelete.length > 0) {
    await store.recordOutcomes(
      toDelete.map((recordId) => ({ recordId, outcome: 'deleted', rule: 'care-records', detail: null, fingerprint: null })),
      { actor: 'cron', run: 'run-1', policySha256: null },
    );
  }
  async function* batches() {
    yield* after;
  }
  return store.importRecords(batches(), { actor: 'admin' });
}

async function outcome(before: readonly InventoryRecord[], deleted: readonly number[], after: InventoryRecord[][]) {
  const t = await tempStore();
  try {
    const counts = await importInto(t.store, before, deleted, after);
    const log = (await allEntries(t.store)).map(({ action, record: id, detail }) => ({ action, id, detail }));
    await t.store.close();
    const db = new Database(t.path, { readonly: true });
    const rows = db.prepare('SELECT * FROM records ORDER BY id').all();
    db.close();
    return { counts, log, rows };
  } finally {
    await t.cleanup();
  }
}

describe('an import in groups', () => {
  test('leaves the store exactly as one record at a time does', async () => {
    await fc.assert(
      fc.asyncProperty(listing(0), fc.array(fc.nat(POOL - 1), { maxLength: 8 }), listing(2 * GROUP), async (before, deleted, after) => {
        const earlier = before.map(([n, v]) => variantOf(n, v));
        const records = after.map(([n, v]) => variantOf(n, v));
        const grouped = await outcome(earlier, deleted, [records]);
        const oneByOne = await outcome(
          earlier,
          deleted,
          records.map((r) => [r]),
        );
        expect(grouped).toEqual(oneByOne);
        expect(grouped.rows).toHaveLength(new Set([...earlier, ...records].map((r) => r.id)).size);
      }),
      { numRuns: 20 },
    );
  });
});
