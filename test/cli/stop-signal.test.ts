/**
 * SIGTERM (and SIGINT) during `apply` stop it after the current journaled batch: the batch
 * in hand is finished and logged, the rest stays due for the next night, exit 1. Real signals
 * go to the built binary; the stop reaches a command run in-process through its context.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliAsync } from './run-cli.js';
import {
  AS_OF,
  ENDED_LONG_AGO,
  auditLog,
  createWorld,
  expectChainVerifies,
  expectOk,
  fileExists,
  setUp,
  tableCount,
  writeInventory,
  type Row,
} from './world.js';

const BATCH = 1000; // src/cli/commands/apply.ts
const COUNT = 12_000;

function intentsSoFar(store: string): number {
  const db = new Database(store, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'intent'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe.each(['SIGTERM', 'SIGINT'] as const)('apply receiving %s', (signal) => {
  it('finishes the batch in hand, logs it, leaves the rest due, and exits 1', async () => {
    const world = createWorld();
    const rows: Row[] = [];
    for (let d = 0; d < 20; d += 1) fs.mkdirSync(path.join(world.root, `d${d}`));
    for (let i = 0; i < COUNT; i += 1) {
      const ref = `d${i % 20}/f${i}.txt`;
      fs.writeFileSync(path.join(world.root, ref), 'x');
      rows.push({ id: `R-${String(i).padStart(6, '0')}`, category: 'casenote', location: `casefiles:${ref}`, ended: ENDED_LONG_AGO });
    }
    expectOk(await world.run(['inventory', 'import', writeInventory(world, rows), '--quiet']));

    const child = cliAsync(['apply', '--yes', '--as-of', AS_OF], { cwd: world.dir });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Signal once deleting has begun (the first intents are journaled), not during start-up.
    while (intentsSoFar(world.store) === 0) await sleep(20);
    child.kill(signal);
    const code = await closed;

    expect(code).toBe(1);
    expect(stderr).toContain(`${signal} received`);
    expect(stderr).toMatch(/not reached \(stopped by SIG/);
    const log = auditLog(world);
    const deleted = log.filter((e) => e.action === 'deleted').length;
    expect(deleted % BATCH).toBe(0);
    expect(deleted).toBeGreaterThan(0);
    expect(deleted).toBeLessThan(COUNT);
    expect(tableCount(world, 'intents')).toBe(0);
    const filesLeft = rows.filter((r) => fs.existsSync(path.join(world.root, r.location.slice('casefiles:'.length)))).length;
    expect(filesLeft).toBe(COUNT - deleted);
    expect(log.find((e) => e.action === 'run-end')?.detail).toMatchObject({ status: 'stopped', summary: { notReached: COUNT - deleted } });
    await expectChainVerifies(log);

    // The next night does the rest.
    expectOk(await world.run(['apply', '--yes', '--as-of', AS_OF, '--quiet']));
    expect(auditLog(world).filter((e) => e.action === 'deleted')).toHaveLength(COUNT);
  });
});

describe('a stop signal that arrives before the first batch', () => {
  it('deletes nothing: every record is left for the next night, run-end says stopped, exit 1', async () => {
    const world = createWorld();
    await setUp(world, [
      { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
      { id: 'F-2', category: 'casenote', location: 'casefiles:b/two.txt', ended: ENDED_LONG_AGO },
    ]);
    const result = await world.run(['apply', '--yes', '--as-of', AS_OF], { signal: 'SIGTERM' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('retention: SIGTERM received — stopping after the current batch');
    expect(result.stderr).toContain('0 deleted, 0 already absent, 0 failed, 2 not reached (stopped by SIGTERM)');
    expect(fileExists(world, 'a/one.txt') && fileExists(world, 'b/two.txt')).toBe(true);
    const log = auditLog(world);
    expect(log.filter((e) => e.action === 'intent')).toEqual([]);
    expect(log.find((e) => e.action === 'run-end')?.detail).toMatchObject({ status: 'stopped', summary: { notReached: 2 } });
  });
});
