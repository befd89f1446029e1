/**
 * `apply` killed with SIGKILL in the middle of 20,000 file deletions, at the journal's named
 * points and at random moments, then re-run: in the end every due file is gone and was logged
 * deleted exactly once, every intent has exactly one outcome, nothing that was not due was
 * touched, and the audit chain verifies.
 *
 * The records fall due in four groups (by `ended` year), so each phase's `--as-of` makes one
 * more group due and every phase has fresh work to crash in.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, exited } from './run-cli.js';
import { auditLog, createWorld, expectChainVerifies, expectOk, tableCount, writeInventory, type Row, type World } from './world.js';

const BATCH = 1000; // src/cli/commands/apply.ts
const FOLDERS = 100;
const NAMED_POINTS = ['after-intents', 'after-delete', 'after-outcomes'] as const;
/** Group g (1..4) ended in 2019 + g and is due as of `asOfFor(g)`; group 4 is for random kills. */
const GROUP_SIZES = [4000, 4000, 4000, 8000];
const KEPT = 300;
const asOfFor = (group: number) => `${2020 + group}-06-30`;

interface Generated {
  id: string;
  ref: string;
  group: number | null;
}

async function generate(world: World): Promise<Generated[]> {
  const records: Generated[] = [];
  let n = 0;
  const add = (group: number | null, prefix: string) => {
    n += 1;
    records.push({ id: `${prefix}-${String(n).padStart(6, '0')}`, ref: `d${n % FOLDERS}/${prefix}${n}.txt`, group });
  };
  GROUP_SIZES.forEach((size, i) => {
    for (let k = 0; k < size; k += 1) add(i + 1, `G${i + 1}`);
  });
  for (let k = 0; k < KEPT; k += 1) add(null, 'KEEP');
  for (let d = 0; d < FOLDERS; d += 1) fs.mkdirSync(path.join(world.root, `d${d}`));
  for (const r of records) fs.writeFileSync(path.join(world.root, r.ref), `record ${r.id}`);
  const rows = records.map((r): Row => ({
    id: r.id,
    category: 'casenote',
    location: `casefiles:${r.ref}`,
    // Half the kept records have ended too recently, half have not ended at all.
    ended: r.group === null ? (r.id.endsWith('0') ? undefined : '2026-01-15') : `${2019 + r.group}-01-15`,
  }));
  expectOk(await world.run(['inventory', 'import', writeInventory(world, rows), '--quiet']));
  return records;
}

function applyAsync(world: World, group: number, crashAt?: string): ChildProcess {
  const env = crashAt ? { RETENTION_TEST_CRASH_AT: crashAt } : {};
  return cliAsync(['apply', '--yes', '--as-of', asOfFor(group)], { cwd: world.dir, env });
}

/** True once `pid` holds the store's run lease (the run has started, past the node start-up). */
function holdsLease(world: World, pid: number): boolean {
  const db = new Database(world.store, { readonly: true });
  try {
    return (db.prepare('SELECT pid FROM lease').get() as { pid: number } | undefined)?.pid === pid;
  } finally {
    db.close();
  }
}

describe('apply survives SIGKILL at any moment', () => {
  let world: World;
  let records: Generated[];
  const filesLeft = (group: number) => records.filter((r) => r.group === group && fs.existsSync(path.join(world.root, r.ref))).length;
  const deletedIn = (group: number) => {
    const ids = new Set(records.filter((r) => r.group === group).map((r) => r.id));
    return auditLog(world).filter((e) => e.action === 'deleted' && ids.has(e.record ?? '')).length;
  };

  beforeAll(async () => {
    world = createWorld();
    records = await generate(world);
  }, 120_000);

  // Killed the 3rd time through the point: two batches are complete, the third is where the point says.
  const expectedAtCrash = {
    'after-intents': { openIntents: BATCH, deleted: 2 * BATCH, filesGone: 2 * BATCH },
    'after-delete': { openIntents: BATCH, deleted: 2 * BATCH, filesGone: 3 * BATCH },
    'after-outcomes': { openIntents: 0, deleted: 3 * BATCH, filesGone: 3 * BATCH },
  };

  NAMED_POINTS.forEach((point, i) => {
    const group = i + 1;
    it(`killed at ${point}:3, then a clean re-run finishes the job`, async () => {
      const crashed = await exited(applyAsync(world, group, `${point}:3`));
      expect(crashed.signal).toBe('SIGKILL');
      expect(crashed.code).toBeNull();
      const expected = expectedAtCrash[point];
      expect(tableCount(world, 'intents')).toBe(expected.openIntents);
      expect(deletedIn(group)).toBe(expected.deleted);
      expect(GROUP_SIZES[i]! - filesLeft(group)).toBe(expected.filesGone);

      const rerun = await exited(applyAsync(world, group));
      expect(rerun.stderr).toBe('');
      expect(rerun.code).toBe(0);
      expect(filesLeft(group)).toBe(0);
      expect(tableCount(world, 'intents')).toBe(0);
    });
  });

  it('killed at random moments of several runs in a row, then a clean run finishes the job', async () => {
    const group = 4;
    const delays: number[] = [];
    for (let attempt = 0; delays.length < 3 && attempt < 8; attempt += 1) {
      const child = applyAsync(world, group);
      const done = exited(child);
      let finished = false;
      void done.then(() => (finished = true));
      while (!finished && !holdsLease(world, child.pid!)) await sleep(10);
      const delay = 50 + Math.floor(Math.random() * 750);
      await sleep(delay);
      child.kill('SIGKILL');
      if ((await done).signal === 'SIGKILL') delays.push(delay);
    }
    expect(delays.length, `killed after ${delays.join(', ')} ms`).toBeGreaterThanOrEqual(3);
    expect(filesLeft(group), 'the kills interrupted the run before its end').toBeGreaterThan(0);

    const clean = await exited(applyAsync(world, group));
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(filesLeft(group)).toBe(0);
  });

  it('after all: one deletion per due record, one outcome per intent, nothing else touched, chain intact', async () => {
    const log = auditLog(world);
    const deletions = new Map<string, number>();
    for (const e of log) if (e.action === 'deleted') deletions.set(e.record!, (deletions.get(e.record!) ?? 0) + 1);
    const due = records.filter((r) => r.group !== null);
    expect(due.filter((r) => deletions.get(r.id) !== 1).map((r) => r.id)).toEqual([]);
    expect(deletions.size).toBe(due.length);
    expect(due.filter((r) => fs.existsSync(path.join(world.root, r.ref))).map((r) => r.id)).toEqual([]);

    const intents = log.filter((e) => e.action === 'intent');
    const outcomes = log.filter((e) => e.action === 'deleted' || e.action === 'failed');
    const outcomesOf = new Map<number, number>();
    for (const o of outcomes) outcomesOf.set(Number(o.detail?.intentSeq), (outcomesOf.get(Number(o.detail?.intentSeq)) ?? 0) + 1);
    expect(intents.filter((e) => outcomesOf.get(e.seq) !== 1).map((e) => e.seq)).toEqual([]);
    expect(outcomes.length).toBe(intents.length);
    expect(tableCount(world, 'intents')).toBe(0);

    for (const kept of records.filter((r) => r.group === null)) {
      expect(fs.readFileSync(path.join(world.root, kept.ref), 'utf8')).toBe(`record ${kept.id}`);
    }
    const keptIds = new Set(records.filter((r) => r.group === null).map((r) => r.id));
    expect(log.filter((e) => keptIds.has(e.record ?? '') && e.action !== 'import')).toEqual([]);

    await expectChainVerifies(log);
  });
});

describe('a crash between a deletion and its outcome, in a folder the deletion emptied (issue C2)', () => {
  it('the folder stays until the outcome is logged; the next run believes the absence, logs the deletion, then removes the folder', async () => {
    const world = createWorld();
    fs.mkdirSync(path.join(world.root, 'client-9'));
    fs.writeFileSync(path.join(world.root, 'client-9/notes.txt'), 'notes');
    expectOk(
      await world.run([
        'inventory',
        'import',
        writeInventory(world, [{ id: 'EX-09', category: 'casenote', location: 'casefiles:client-9/notes.txt', ended: '2024-01-15' }]),
        '--quiet',
      ]),
    );

    const crashed = world.spawn(['apply', '--yes', '--as-of', '2026-06-30'], { RETENTION_TEST_CRASH_AT: 'after-delete:1' });
    // Killed by SIGKILL: no exit code.
    expect(crashed.code).toBeNull();
    expect(fs.existsSync(path.join(world.root, 'client-9/notes.txt'))).toBe(false);
    expect(fs.existsSync(path.join(world.root, 'client-9'))).toBe(true);

    const rerun = world.spawn(['apply', '--yes', '--as-of', '2026-06-30']);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    const deleted = auditLog(world).filter((e) => e.action === 'deleted' && e.record === 'EX-09');
    expect(deleted.map((e) => e.detail?.result)).toEqual(['deleted by interrupted run']);
    // Under the rule its intent names (the certificate's rule column, explain's "under rule"), not none (review 2, point 6).
    const intent = auditLog(world).find((e) => e.action === 'intent' && e.record === 'EX-09');
    expect(intent?.rule).toEqual(expect.any(String));
    expect(deleted.map((e) => e.rule)).toEqual([intent?.rule]);
    expect(expectOk(await world.run(['explain', 'EX-09'])).stdout).toContain(`under rule ${intent?.rule}`);
    expect(tableCount(world, 'intents')).toBe(0);
    expect(fs.existsSync(path.join(world.root, 'client-9'))).toBe(false);
  });
});
