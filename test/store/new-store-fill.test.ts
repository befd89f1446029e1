/**
 * A new store's first import is inserted by a worker thread (sqlite-new-store-fill.ts), ids
 * listed twice then going the one-at-a-time way; an existing store's import goes the reference
 * way (sqlite-inventory.ts). Whatever the records, their batches and their repeats, the new
 * store must end exactly as an import into an existing empty store leaves it: the same counts,
 * rows, event history and audit log. And a fill that fails, in the source or in SQLite, leaves
 * nothing behind.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { InventoryRecord } from '../../src/engine/types.js';
import { RetentionError } from '../../src/errors.js';
import { createStore, openStore } from '../../src/store/index.js';
import { GROUP } from '../../src/store/sqlite-new-records.js';
import type { ImportSource, Store } from '../../src/store/types.js';
import { allEntries, record } from './helpers.js';

const POOL = 3 * GROUP;
const now = () => new Date('2025-03-01T12:00:00.000Z');
const by = { actor: 'admin' };

const date = fc.constantFrom('2019-01-10', '2020-02-29', '2024-12-31T23:30:00Z');
/** Records of a small pool of ids (so that some are listed twice, alike or not), nulls and non-Latin-1 text included. */
const inventoryRecord: fc.Arbitrary<InventoryRecord> = fc.record({
  id: fc.nat(POOL - 1).map((n) => `R-${n}`),
  subject: fc.option(fc.constantFrom('S-1', 'S-2', 'Zoë Ødegård', '山田 太郎'), { nil: null }),
  category: fc.constantFrom('care-plan', 'photograph'),
  created: fc.option(date, { nil: null }),
  location: fc.option(fc.constantFrom('casefiles:a/b.pdf', 'casefiles:x, "y".pdf'), { nil: null }),
  events: fc.dictionary(fc.constantFrom('service_ended', 'last_contact', 'consent_given'), date),
  flags: fc.dictionary(fc.constantFrom('safeguarding', 'litigation'), fc.boolean()),
});

/** `records` cut into batches of the given sizes (the rest in one last batch). */
function batchesOf(records: readonly InventoryRecord[], sizes: readonly number[]): InventoryRecord[][] {
  const batches: InventoryRecord[][] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= records.length) break;
    batches.push(records.slice(at, at + size));
    at += size;
  }
  if (at < records.length) batches.push(records.slice(at));
  return batches;
}

async function* streamed(batches: readonly InventoryRecord[][]): AsyncIterable<InventoryRecord[]> {
  yield* batches;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'retention-new-fill-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What an import left in the store at `path`. */
async function contentsOf(path: string) {
  const store = await openStore(path, { access: 'read' });
  const log = (await allEntries(store)).map(({ at, actor, action, record: id, subject, category, detail }) => ({
    at,
    actor,
    action,
    id,
    subject,
    category,
    detail,
  }));
  await store.close();
  const db = new Database(path, { readonly: true });
  const records = db.prepare('SELECT * FROM records ORDER BY id').all();
  const events = db.prepare('SELECT * FROM events ORDER BY num').all();
  db.close();
  return { log, records, events };
}

async function intoNewStore(path: string, source: ImportSource) {
  const counts = await createStore(path, (store) => store.importRecords(source, by), { now });
  return { counts, ...(await contentsOf(path)) };
}

async function intoExistingStore(path: string, source: ImportSource) {
  await createStore(path, async () => undefined, { now });
  const store: Store = await openStore(path, { access: 'write', now });
  const counts = await store.importRecords(source, by);
  await store.close();
  return { counts, ...(await contentsOf(path)) };
}

describe("a new store's first import", () => {
  test('leaves the store exactly as an import into an existing empty store does', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(inventoryRecord, { maxLength: 3 * GROUP + 7 }),
        fc.array(fc.integer({ min: 1, max: 2 * GROUP }), { maxLength: 6 }),
        async (records, sizes) => {
          run += 1;
          const batches = batchesOf(records, sizes);
          const fast = await intoNewStore(join(dir, `new-${run}.db`), streamed(batches));
          const reference = await intoExistingStore(join(dir, `existing-${run}.db`), streamed(batches));
          expect(fast).toEqual(reference);
          expect(fast.counts.inserted).toBe(new Set(records.map((r) => r.id)).size);
        },
      ),
      { numRuns: 25 },
    );
  });

  test('an array of records, and no records at all, are imported the same way', async () => {
    const records = [record('R-1'), record('R-2', { events: { service_ended: '2020-01-01' } }), record('R-1')];
    expect(await intoNewStore(join(dir, 'a.db'), records)).toEqual(await intoExistingStore(join(dir, 'b.db'), records));
    expect(await intoNewStore(join(dir, 'c.db'), [])).toEqual(await intoExistingStore(join(dir, 'd.db'), []));
  });

  test('a source that fails half-way leaves nothing behind, and its error is passed on', async () => {
    const bad = new RetentionError('inventory.invalid', 'inventory.csv:900000: service_ended "2023-02-30" is not a date');
    async function* failing(): AsyncIterable<InventoryRecord[]> {
      for (let batch = 0; batch < 20; batch++) yield Array.from({ length: 100 }, (_, i) => record(`R-${batch}-${i}`));
      throw bad;
    }
    await expect(createStore(join(dir, 'retention.db'), (store) => store.importRecords(failing(), by))).rejects.toBe(bad);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("SQLite's refusal of a row in the worker fails the import, translated, and leaves nothing behind", async () => {
    // A category is never null after the readers; a NOT NULL failure stands for any error of the worker's SQLite.
    const broken = { ...record('R-2'), category: null } as unknown as InventoryRecord;
    const records = Array.from({ length: 2 * GROUP }, (_, i) => (i === GROUP + 3 ? broken : record(`R-${i}`)));
    await expect(createStore(join(dir, 'retention.db'), (store) => store.importRecords(streamed([records]), by))).rejects.toMatchObject({
      message: expect.stringContaining('NOT NULL'),
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
