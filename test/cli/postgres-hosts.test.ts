/**
 * Several hosts, one PostgreSQL store (DESIGN §6, §10), with real processes: a run over one
 * target holds that target's lock only, so a run over another target goes on meanwhile, while
 * a second run over the same target (or over every target) exits 75 naming the holder and the
 * target. A holder killed with SIGKILL loses its lock with its session, and the next run settles
 * its journal: every record deleted exactly once, the chain whole.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import { openStore } from '../../src/store/index.js';
import type { AuditEntry } from '../../src/store/types.js';
import { describePostgres, freshSchema, type TestLocation } from '../postgres/databases.js';
import { collect } from '../store/helpers.js';
import { stringify } from 'csv-stringify/sync';
import { cliAsync, cli } from './run-cli.js';
import { APPLY_POLICY, AS_OF, ENDED_LONG_AGO } from './world.js';

/** More than one batch (1000, src/cli/commands/apply.ts) on the east share, so a run can be caught between batches. */
const EAST = 1200;
const WEST = 100;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function exited(child: ChildProcess): Promise<Exit> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

/** Waits until the process is stopped (SIGSTOP at a crash point): state T in /proc. */
async function stopped(pid: number): Promise<void> {
  for (let i = 0; i < 3000; i += 1) {
    if (/^\d+ \(.*\) T/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) return;
    await sleep(10);
  }
  throw new Error(`process ${pid} never stopped`);
}

describePostgres('two hosts, one PostgreSQL store', () => {
  let place: TestLocation;
  let dir: string;
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => cliAsync(['apply', '--yes', '--as-of', AS_OF, ...args], { cwd: dir, env });
  const filesLeft = (share: string) => fs.readdirSync(path.join(dir, share)).length;
  const log = async (): Promise<AuditEntry[]> => {
    const store = await openStore(place.url, { access: 'read' });
    try {
      return await collect(store.auditEntries());
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    place = await freshSchema();
    dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'retention-hosts-'));
    const rows: string[][] = [];
    for (const [share, count] of [
      ['east', EAST],
      ['west', WEST],
    ] as const) {
      fs.mkdirSync(path.join(dir, share));
      for (let n = 0; n < count; n += 1) {
        const ref = `${share}-${String(n).padStart(5, '0')}.txt`;
        fs.writeFileSync(path.join(dir, share, ref), ref);
        rows.push([
          `${share.toUpperCase()}-${String(n).padStart(5, '0')}`,
          `S-${n}`,
          'casenote',
          '2020-01-01',
          `${share}:${ref}`,
          ENDED_LONG_AGO,
        ]);
      }
    }
    fs.writeFileSync(
      path.join(dir, 'retention.config.yaml'),
      `policy: ${JSON.stringify(APPLY_POLICY)}\nstore: ${JSON.stringify(place.url)}\nactor: nightly\n` +
        'targets:\n  east: { type: files, root: east }\n  west: { type: files, root: west }\n',
    );
    fs.writeFileSync(path.join(dir, 'inventory.csv'), stringify([['id', 'subject', 'category', 'created', 'location', 'ended'], ...rows]));
    const imported = cli(['inventory', 'import', 'inventory.csv', '--quiet'], { cwd: dir });
    expect(imported).toMatchObject({ code: 0, stderr: '' });
  });
  afterAll(async () => {
    await place.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets a run over another target go on while one holds its target, refuses the same target with 75, and settles a killed run', async () => {
    // Host A: caught after the first batch of east was deleted, before its outcomes were written.
    const hostA = run(['--target', 'east'], { RETENTION_TEST_CRASH_AT: 'after-delete:1:SIGSTOP' });
    const hostAExit = exited(hostA);
    await stopped(hostA.pid!);
    expect(filesLeft('east')).toBe(EAST - 1000);

    // Host B, over west: runs to the end meanwhile, and leaves A's open journal on east alone.
    const hostB = await exited(run(['--target', 'west']));
    expect(hostB).toMatchObject({ code: 0, stderr: '' });
    expect(filesLeft('west')).toBe(0);
    const runB = (await log()).findLast((e) => e.action === 'run-start')?.run;
    expect((await log()).filter((e) => e.run === runB && e.record?.startsWith('EAST'))).toEqual([]);

    // Over east, or over every target: refused, naming host A's run, pid, host and the target.
    const runA = (await log()).find((e) => e.action === 'run-start' && e.detail?.asOf === AS_OF)?.run;
    for (const args of [['--target', 'east'], []]) {
      const refused = await exited(run(args));
      expect(refused.code).toBe(75);
      expect(refused.stderr).toContain(
        `another run holds the lock on target east of this store: run ${runA}, pid ${hostA.pid} on ${hostname()}, connected from 127.0.0.1, since `,
      );
      // The way out of a hung holder is on the server: `retention unlock` has nothing to free there.
      expect(refused.stderr).toContain(`pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'retention ${runA} %'`);
      expect(refused.stderr).not.toContain('retention unlock');
    }

    // SIGKILL: the server ends A's session and its lock with it; the next run settles A's journal.
    hostA.kill('SIGKILL');
    expect((await hostAExit).signal).toBe('SIGKILL');
    const next = await exited(run(['--target', 'east']));
    expect(next).toMatchObject({ code: 0, stderr: '' });
    expect(filesLeft('east')).toBe(0);

    const entries = await log();
    const deletions = new Map<string, number>();
    for (const e of entries) if (e.action === 'deleted') deletions.set(e.record!, (deletions.get(e.record!) ?? 0) + 1);
    expect(deletions.size).toBe(EAST + WEST);
    expect([...deletions.values()].every((n) => n === 1)).toBe(true);
    expect(entries.filter((e) => e.detail?.result === 'deleted by interrupted run')).toHaveLength(1000);
    const intents = entries.filter((e) => e.action === 'intent').map((e) => e.seq);
    const outcomes = entries.filter((e) => e.action === 'deleted' || e.action === 'failed').map((e) => Number(e.detail?.intentSeq));
    expect(outcomes.sort((a, b) => a - b)).toEqual(intents);
    expect(await verifyChain(entries)).toMatchObject({ ok: true, checked: entries.length });
  });
});
