/**
 * Holds and approvals are what the hash-chained log says, not what their tables say (finding
 * B4): a row inserted, deleted or changed with sqlite3 behind the tool's back leaves the chain
 * intact, so apply acts on the log's `hold`, `hold-release` and `approve` entries, and
 * `audit verify` reports every difference between the tables and the log (exit 1).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  ENDED_LONG_AGO,
  auditLog,
  createWorld,
  entriesFor,
  expectOk,
  fileExists,
  lastRun,
  setUp,
  sha256OfFile,
  type World,
} from './world.js';
import { errorCodes } from './error-codes.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];

/** Runs SQL on the store as someone with sqlite3 and write access would. */
function tamper(w: World, sql: string, ...params: unknown[]): void {
  const db = new Database(w.store);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

async function verify(w: World): Promise<{ code: number; stdout: string; stderr: string }> {
  return w.run(['audit', 'verify']);
}

describe('holds are as the log says', () => {
  async function heldWorld(): Promise<World> {
    const w = createWorld();
    await setUp(w, [{ id: 'H-FILE', category: 'casenote', location: 'casefiles:client-1/notes.txt', ended: ENDED_LONG_AGO }]);
    expectOk(await w.run(['hold', 'add', '--record', 'H-FILE', '--reason', 'Litigation 2026/41', '--by', 'Dee Pio']));
    expectOk(await verify(w));
    return w;
  }

  it('a hold deleted from its table still holds the record, and verify names it', async () => {
    const w = await heldWorld();
    tamper(w, "DELETE FROM holds WHERE ref = 'H-FILE'");
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/notes.txt')).toBe(true);
    expect(entriesFor(auditLog(w), 'H-FILE', 'deleted')).toEqual([]);
    expect(expectOk(await w.run(['hold', 'list'])).stdout).toMatch(/H-1 .*H-FILE/);

    const result = await verify(w);
    expect(result.code).toBe(1);
    expect(errorCodes(`${result.stdout}${result.stderr}`)).toContain('store.hold-missing');
  });

  it('a hold whose until was moved into the past, or marked released in the table, still holds', async () => {
    const w = await heldWorld();
    tamper(w, "UPDATE holds SET until = '2000-01-01' WHERE id = 'H-1'");
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/notes.txt')).toBe(true);
    let result = await verify(w);
    expect(result.code).toBe(1);
    expect(errorCodes(`${result.stdout}${result.stderr}`)).toContain('store.hold-differs');

    tamper(w, "UPDATE holds SET until = NULL, released_at = '2026-01-01T00:00:00.000Z', released_by = 'Nobody' WHERE id = 'H-1'");
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/notes.txt')).toBe(true);
    result = await verify(w);
    expect(result.code).toBe(1);
    expect(errorCodes(`${result.stdout}${result.stderr}`)).toContain('store.hold-release-not-logged');
  });

  it('a hold released with `hold release` stops holding: the log is acted on, not ignored', async () => {
    const w = await heldWorld();
    expectOk(await w.run(['hold', 'release', 'H-1', '--reason', 'claim settled', '--by', 'Dee Pio']));
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/notes.txt')).toBe(false);
    expectOk(await verify(w));
  });
});

describe('approvals are as the log says', () => {
  const ROWS = [{ id: 'A-FILE', category: 'care-plan' as const, location: 'casefiles:client-1/plan.txt', ended: ENDED_LONG_AGO }];

  it('a forged approval row approves nothing, and verify names it', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const plan = path.join(w.dir, 'p.json');
    expect((await w.run(['plan', '--format', 'json', '--as-of', AS_OF, '--out', plan])).code).toBe(0);
    tamper(w, 'INSERT INTO approvals VALUES (?, ?, ?, NULL)', sha256OfFile(plan), 'Forged Person', '2026-11-30T10:00:00.000Z');

    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/plan.txt')).toBe(true);
    const applyPlan = await w.run(['apply', plan, '--yes', '--as-of', AS_OF]);
    expect(applyPlan.code).toBe(2);
    expect(errorCodes(applyPlan.stderr)).toEqual(['plan.not-approved']);
    expect(fileExists(w, 'client-1/plan.txt')).toBe(true);
    expect(entriesFor(auditLog(w), 'A-FILE', 'deleted')).toEqual([]);

    const result = await verify(w);
    expect(result.code).toBe(1);
    expect(errorCodes(`${result.stdout}${result.stderr}`)).toEqual(['store.approval-not-logged']);
    expect(result.stdout + result.stderr).toContain('Forged Person');
  });

  it("an approval given with `approve` is acted on under the log's name, whatever the table says", async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const plan = path.join(w.dir, 'p.json');
    expect((await w.run(['plan', '--format', 'json', '--as-of', AS_OF, '--out', plan])).code).toBe(0);
    expect((await w.run(['approve', plan, '--by', 'Dee Pio'])).code).toBe(0);
    tamper(w, "UPDATE approvals SET approved_by = 'Someone Senior'");
    const result = await verify(w);
    expect(result.code).toBe(1);
    expect(errorCodes(`${result.stdout}${result.stderr}`)).toEqual(['store.approval-not-logged', 'store.approval-missing']);

    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/plan.txt')).toBe(false);
    // The store does not verify (its approvals table was changed): the certificate says so, and names the log's approver.
    const certificate = await w.run(['audit', 'certificate', '--run', lastRun(w), '--format', 'csv']);
    expect(certificate.code).toBe(1);
    expect(certificate.stdout).toContain('Dee Pio');
    expect(certificate.stdout).not.toContain('Someone Senior');
  });
});

describe('forgotten records are as the log says', () => {
  it("a record marked forgotten behind the tool's back is named by verify; one forgotten by the tool is not", async () => {
    const w = createWorld();
    await setUp(w, [
      { id: 'F-ONE', category: 'casenote', location: 'casefiles:a/one.txt' },
      { id: 'F-TWO', category: 'casenote', location: 'casefiles:a/two.txt' },
    ]);
    const csv = path.join(w.dir, 'none.csv');
    writeFileSync(csv, 'id,subject,category,created,location,ended\n');
    expect((await w.run(['inventory', 'import', csv, '--quiet'])).code).toBe(0);
    expectOk(await w.run(['inventory', 'forget', 'F-ONE', '--by', 'Dee Pio', '--reason', 'shredded elsewhere']));
    expectOk(await verify(w));

    tamper(w, "UPDATE records SET forgotten_at = '2026-11-30T10:00:00.000Z', forgotten_by = 'Forged Person' WHERE id = 'F-TWO'");
    const result = await verify(w);
    expect(result.code).toBe(1);
    expect(errorCodes(`${result.stdout}${result.stderr}`)).toEqual(['store.record-forget-not-logged']);
    expect(result.stdout + result.stderr).toContain('F-TWO');
  });
});
