/**
 * What happens to `apply` half-way through: an error after deletions began (the summary, the
 * exit code and the `run-end` entry tell what was done), a SQLite target another program holds
 * locked (its records fail, the rest goes on), a hold placed while the run — the built CLI,
 * frozen half-way — deletes (it wins), and locations naming targets such as `constructor` (one
 * failed record each, never an aborted night).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliAsync, exited, expectNoStack, isStopped } from './run-cli.js';
import {
  AS_OF,
  ENDED_LONG_AGO,
  auditLog,
  createWorld,
  crmIds,
  entriesFor,
  expectChainVerifies,
  expectOk,
  fileExists,
  setUp,
  tableCount,
  type Row,
  type World,
} from './world.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];
const BATCH = 1000; // src/cli/commands/apply.ts

/** `count` due case notes, R-00001 … (so in batch order), each a file below the root. */
function dueFiles(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `R-${String(i + 1).padStart(5, '0')}`;
    return { id, category: 'casenote', location: `casefiles:d${i % 20}/${id}.txt`, ended: ENDED_LONG_AGO, subject: `S-${i}` };
  });
}

const runEnd = (w: World) => auditLog(w).findLast((e) => e.action === 'run-end');

describe('an error after deletions began', () => {
  it('exit 1 with the summary of what was done; run-end says so; the next run settles the interrupted batch', async () => {
    const w = createWorld();
    const rows = dueFiles(2500);
    await setUp(w, rows);
    // The store fails while recording the second batch's outcomes (as a full disk would),
    // after that batch's files were deleted.
    const store = new Database(w.store);
    store.exec(`CREATE TRIGGER test_store_fails BEFORE DELETE ON intents
      WHEN (SELECT count(*) FROM records WHERE deleted_at IS NOT NULL) >= ${BATCH}
      BEGIN SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END`);
    store.close();

    const result = await w.run(APPLY);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `: ${BATCH} deleted, 0 already absent, 0 failed, ${BATCH} interrupted, 500 not reached (stopped by the error below)`,
    );
    expect(result.stderr).toContain('the run stopped early: database or disk is full (simulated)');
    expect(result.stderr).not.toMatch(/nothing (was )?changed/i);
    expect(expectNoStack(result.stderr)).toBe(true);
    expect(runEnd(w)?.detail).toMatchObject({
      status: 'aborted',
      summary: { selected: 2500, deleted: BATCH, interrupted: BATCH, notReached: 500 },
    });
    expect(auditLog(w).filter((e) => e.action === 'deleted')).toHaveLength(BATCH);
    expect(rows.filter((r) => !fileExists(w, r.location.slice('casefiles:'.length)))).toHaveLength(2 * BATCH);

    const store2 = new Database(w.store);
    store2.exec('DROP TRIGGER test_store_fails');
    store2.close();
    expectOk(await w.run(APPLY));
    const log = auditLog(w);
    for (const row of rows) expect(entriesFor(log, row.id, 'deleted'), row.id).toHaveLength(1);
    expect(rows.filter((r) => fileExists(w, r.location.slice('casefiles:'.length)))).toEqual([]);
    expect(tableCount(w, 'intents')).toBe(0);
    await expectChainVerifies(log);
  });
});

describe('a SQLite target another program holds locked', () => {
  it('is waited for, then its records fail (exit 1) while the files are deleted; the next run deletes them', async () => {
    const w = createWorld();
    await setUp(w, [
      { id: 'F-1', category: 'casenote', location: 'casefiles:a/1.txt', ended: ENDED_LONG_AGO },
      { id: 'C-1', category: 'crm-note', location: 'crm:c-1', ended: ENDED_LONG_AGO },
      { id: 'C-2', category: 'crm-note', location: 'crm:c-2', ended: ENDED_LONG_AGO },
    ]);
    const holder = new Database(w.crmDb);
    holder.exec('BEGIN EXCLUSIVE');
    let result;
    try {
      result = await w.run(APPLY);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('1 deleted, 0 already absent, 2 failed');
    expect(result.stderr).toMatch(/failed C-1: database is locked by another program/);
    expect(fileExists(w, 'a/1.txt')).toBe(false);
    expect(crmIds(w)).toEqual(['c-1', 'c-2']);
    const log = auditLog(w);
    for (const id of ['C-1', 'C-2'])
      expect(entriesFor(log, id, 'failed'), id).toEqual([expect.objectContaining({ detail: expect.objectContaining({ target: 'crm' }) })]);

    expectOk(await w.run(APPLY));
    expect(crmIds(w)).toEqual([]);
  });
});

describe('a hold placed by another process while apply runs', () => {
  it("stops that record's deletion, thousands of entries later; nothing is journaled for it after the hold", async () => {
    const w = createWorld();
    const rows = dueFiles(5000);
    await setUp(w, rows);
    const late = rows[3500]!;
    // The run freezes after its 2nd batch is recorded, outside any transaction, until SIGCONT.
    const child = cliAsync(APPLY, { cwd: w.dir, env: { RETENTION_TEST_CRASH_AT: 'after-outcomes:2:SIGSTOP' } });
    const done = exited(child);
    while (!isStopped(child.pid!)) await sleep(10);
    expectOk(await w.run(['hold', 'add', '--record', late.id, '--reason', 'subject access request', '--by', 'Dee Pio']));
    child.kill('SIGCONT');
    const result = await done;

    expect(result.code).toBe(0);
    expect(fileExists(w, late.location.slice('casefiles:'.length))).toBe(true);
    const log = auditLog(w);
    expect(entriesFor(log, late.id).map((e) => e.action)).toEqual(['hold']);
    expect(log.filter((e) => e.action === 'deleted')).toHaveLength(4999);
    expect(runEnd(w)?.detail).toMatchObject({ status: 'done', summary: { deleted: 4999, heldDuringRun: 1 } });
  });
});

describe('locations naming targets that are names of JavaScript objects', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    '%s:… fails that record only; the rest of the night goes on',
    async (name) => {
      const w = createWorld();
      await setUp(w, [
        { id: 'F-1', category: 'casenote', location: 'casefiles:a/1.txt', ended: ENDED_LONG_AGO },
        { id: 'X-1', category: 'casenote', location: `${name}:x.txt`, ended: ENDED_LONG_AGO },
        { id: 'F-2', category: 'casenote', location: 'casefiles:b/2.txt', ended: ENDED_LONG_AGO },
      ]);
      const result = await w.run(APPLY);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('2 deleted, 0 already absent, 1 failed');
      expect(result.stderr).toContain(`failed X-1: not deleted: target "${name}" is not declared in the config`);
      expect(fileExists(w, 'a/1.txt') || fileExists(w, 'b/2.txt')).toBe(false);
    },
  );
});
