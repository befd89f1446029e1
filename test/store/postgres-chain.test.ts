/**
 * One audit chain on a PostgreSQL store that several hosts write to at once (DESIGN §10):
 * eight connections appending concurrently leave one chain that verifies, numbered without a
 * gap and with no entry extended twice (no fork).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import { createStore, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { describePostgres, freshSchema, type TestLocation } from '../postgres/databases.js';
import { allEntries, record } from './helpers.js';

const WRITERS = 8;
const ROUNDS = 12;

describePostgres('eight hosts writing to one PostgreSQL store at once', () => {
  let place: TestLocation;
  let writers: Store[];
  beforeEach(async () => {
    place = await freshSchema();
    await createStore(place.url, (store) => store.importRecords([record('R-1')], { actor: 'admin' }));
    writers = await Promise.all(Array.from({ length: WRITERS }, () => openStore(place.url, { access: 'write' })));
  });
  afterEach(async () => {
    await Promise.all(writers.map((w) => w.close()));
    await place.drop();
  });

  it('append to one chain: it verifies, numbered 1, 2, 3… with no gap and no fork', async () => {
    await Promise.all(
      writers.map(async (store, w) => {
        for (let round = 0; round < ROUNDS; round += 1) {
          const by = { actor: `host-${w}`, run: `run-${w}`, policySha256: null };
          // Every kind of write appends: plain entries, holds, events, a run's journal.
          if (round % 3 === 0)
            await store.appendAudit([
              { ...by, action: 'erasure-completed', subject: `S-${w}` },
              { ...by, action: 'event' },
            ]);
          else if (round % 3 === 1) await store.addHold({ scope: 'subject', ref: `S-${w}`, reason: 'r', until: null }, by);
          else await store.addEvent({ scope: 'subject', ref: `S-${w}`, event: 'service_ended', date: '2020-01-01' }, by);
        }
      }),
    );
    const entries = await allEntries(writers[0]!);
    const expected = 1 + WRITERS * (ROUNDS / 3) * 4;
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.prev)).size).toBe(expected);
    expect(await verifyChain(entries, { head: (await writers[3]!.auditHead())! })).toMatchObject({
      ok: true,
      checked: expected,
      headMatched: true,
    });
    // Hold and event numbers are given out under the same lock: no two alike.
    expect(new Set((await writers[1]!.listHolds()).map((h) => h.id)).size).toBe(WRITERS * (ROUNDS / 3));
    expect(new Set((await writers[2]!.listEvents()).map((e) => e.id)).size).toBe(WRITERS * (ROUNDS / 3));
  });
});
