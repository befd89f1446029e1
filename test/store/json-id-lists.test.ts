/**
 * A batch's ids reach SQLite as JSON arrays. Ids may be up to a record's 1 MB, so a batch's
 * array is split before it outgrows what V8 can hold in one string (an apply of 600 records
 * with ids of 990,000 characters failed as a bug, exit 70). The split loses and repeats nothing,
 * and a run whose batch needs several arrays deletes and logs each record once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonIdLists, MAX_JSON_CHARS } from '../../src/store/json-id-lists.js';
import { auditLog, createWorld, ENDED_LONG_AGO, expectOk, fileExists, setUp } from '../cli/world.js';

describe('jsonIdLists', () => {
  it('splits ids into arrays within the cap, in order, none lost or repeated', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), fc.integer({ min: 2, max: 60 }), (ids, cap) => {
        const lists = jsonIdLists(ids, cap);
        expect(lists.flatMap((list) => JSON.parse(list) as string[])).toEqual(ids);
        for (const list of lists) {
          const members = JSON.parse(list) as string[];
          if (members.length > 1) expect(list.length).toBeLessThanOrEqual(cap);
        }
      }),
    );
  });

  it('is one array for a batch of ordinary ids, and [] for none', () => {
    expect(jsonIdLists(Array.from({ length: 1000 }, (_, i) => `CASE-${i}`))).toHaveLength(1);
    expect(jsonIdLists([])).toEqual(['[]']);
  });
});

describe('apply of a batch whose ids need several arrays', () => {
  it('deletes each due record once and logs an intent and a deletion for each', async () => {
    const w = createWorld();
    // Twenty ids of 900,000 characters make 18 M, past the cap: at least two arrays per statement.
    const long = (i: number) => `${String(i).padStart(2, '0')}${'x'.repeat(900_000)}`;
    const rows = Array.from({ length: 20 }, (_, i) => ({
      id: long(i),
      category: 'casenote' as const,
      location: `casefiles:long/${i}.txt`,
      subject: `S-${i}`,
      ended: ENDED_LONG_AGO,
    }));
    expect(jsonIdLists(rows.map((r) => r.id)).length).toBeGreaterThan(1);
    expect(20 * 900_000).toBeGreaterThan(MAX_JSON_CHARS);
    await setUp(w, rows);
    expectOk(await w.run(['apply', '--yes']));
    for (let i = 0; i < 20; i++) expect(fileExists(w, `long/${i}.txt`)).toBe(false);
    const log = auditLog(w);
    for (const action of ['intent', 'deleted']) {
      const records = log.filter((e) => e.action === action).map((e) => e.record);
      expect(records.sort()).toEqual(rows.map((r) => r.id).sort());
    }
  });
});
