/**
 * The events table and the records' deleted state are checked against the hash-chained log
 * (review findings A and B): a row inserted or changed with sqlite3 leaves the chain intact, yet
 * an events row or a record made live again decides a deletion. `audit verify` names every such
 * difference (exit 1), and apply refuses to run while there is one (exit 2, nothing deleted).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  ENDED_LONG_AGO,
  ENDED_RECENTLY,
  ERASURE_POLICY,
  auditLog,
  createWorld,
  entriesFor,
  expectOk,
  expectRefused,
  fileExists,
  setUp,
  type World,
} from './world.js';
import { errorCodes } from './error-codes.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];

/** Runs SQL on the store as someone with sqlite3 and write access would. */
function tamper(w: World, sql: string): void {
  const db = new Database(w.store);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

async function verifyCodes(w: World): Promise<string[]> {
  const result = await w.run(['audit', 'verify']);
  expect(result.code).toBe(1);
  return errorCodes(`${result.stdout}${result.stderr}`);
}

describe('events are as the log says', () => {
  const PHOTO = [
    { id: 'P-FILE', category: 'photo' as const, subject: 'S-1', location: 'casefiles:client-1/photo.jpg', ended: ENDED_RECENTLY },
  ];

  async function photoWorld(): Promise<World> {
    const w = createWorld({ policy: ERASURE_POLICY });
    await setUp(w, PHOTO);
    return w;
  }

  it('a forged erasure request in the events table deletes nothing, and verify names it', async () => {
    const w = await photoWorld();
    tamper(
      w,
      "INSERT INTO events (id, num, scope, ref, event, date, added_by, added_at, source) VALUES ('E-14', 14, 'subject', 'S-1', 'erasure_requested', '2026-06-01', 'root', '2026-06-01T00:00:00.000Z', 'event-add')",
    );
    expectRefused(await w.run(APPLY), 'apply.tables-disagree', /store tables disagree with the audit log: run audit verify[\s\S]*E-14/);
    expect(fileExists(w, 'client-1/photo.jpg')).toBe(true);
    expect(entriesFor(auditLog(w), 'P-FILE', 'deleted')).toEqual([]);
    expect(await verifyCodes(w)).toEqual(['store.event-not-logged']);
  });

  it('an event whose date, or removal, was changed in the table is named', async () => {
    const w = await photoWorld();
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-1', '--date', '2026-06-15', '--by', 'Dee Pio']));
    expectOk(await w.run(['event', 'add', 'service_ended', '--subject', 'S-1', '--date', '2026-01-15', '--by', 'Dee Pio']));
    expectOk(await w.run(['event', 'remove', 'E-1', '--reason', 'entered in error', '--by', 'Dee Pio']));
    expectOk(await w.run(['audit', 'verify']));
    tamper(
      w,
      "UPDATE events SET removed_at = NULL, removed_by = NULL WHERE id = 'E-1'; UPDATE events SET date = '2018-01-01' WHERE id = 'E-2'",
    );
    expect(await verifyCodes(w)).toEqual(['store.event-removal-missing', 'store.event-differs']);
    expectRefused(await w.run(APPLY), 'apply.tables-disagree');
    expect(fileExists(w, 'client-1/photo.jpg')).toBe(true);

    tamper(w, "DELETE FROM events WHERE id = 'E-2'");
    expect(await verifyCodes(w)).toEqual(['store.event-removal-missing', 'store.event-missing']);
  });

  it('an erasure request made with `event add` is acted on, and the store verifies', async () => {
    const w = await photoWorld();
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-1', '--date', '2026-06-15', '--by', 'Dee Pio']));
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/photo.jpg')).toBe(false);
    expectOk(await w.run(['audit', 'verify']));
  });
});

describe('a record is deleted as the log says', () => {
  const NOTE = [{ id: 'N-FILE', category: 'casenote' as const, location: 'casefiles:client-1/notes.txt', ended: ENDED_LONG_AGO }];

  async function deletedWorld(): Promise<World> {
    const w = createWorld();
    await setUp(w, NOTE);
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/notes.txt')).toBe(false);
    expectOk(await w.run(['audit', 'verify']));
    return w;
  }

  it('a deleted record made live again in the records table is named, and apply refuses to run', async () => {
    const w = await deletedWorld();
    tamper(w, "UPDATE records SET deleted_at = NULL, deleted_run = NULL, deleted_rule = NULL WHERE id = 'N-FILE'");
    expect(await verifyCodes(w)).toEqual(['store.record-deletion-missing']);
    // The heading names the records table among those that disagree, not only holds and approvals.
    expect((await w.run(['audit', 'verify'])).stderr).toMatch(
      /the store's tables \(holds, approvals, events, records\) do not match the audit log/,
    );
    expectRefused(await w.run(APPLY), 'apply.tables-disagree', /N-FILE/);
    expect(entriesFor(auditLog(w), 'N-FILE', 'deleted')).toHaveLength(1);
  });

  it('a record marked deleted, or found back, in the table without its entry is named', async () => {
    const w = await deletedWorld();
    tamper(w, "UPDATE records SET reappeared_at = '2026-06-01T00:00:00.000Z' WHERE id = 'N-FILE'");
    expect(await verifyCodes(w)).toEqual(['store.record-deletion-missing']);

    const other = createWorld();
    await setUp(other, [{ id: 'K-FILE', category: 'casenote', location: 'casefiles:client-2/notes.txt', ended: ENDED_RECENTLY }]);
    tamper(other, "UPDATE records SET deleted_at = '2026-06-01T00:00:00.000Z' WHERE id = 'K-FILE'");
    expect(await verifyCodes(other)).toEqual(['store.record-deletion-not-logged']);
  });
});
