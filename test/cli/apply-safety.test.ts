/**
 * The guards of `apply`, through the CLI: every refusal (no --yes off a terminal, a safety
 * limit, another run's lock) leaves the files, the rows and the audit log exactly as they
 * were; refs that try to leave the `files` root fail one by one, touch nothing outside it and
 * leave no path in the log.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { PlanSummary } from '../../src/planner/summary.js';
import { describe, expect, it } from 'vitest';
import { expectNoStack } from './run-cli.js';
import { errorCodes } from './error-codes.js';
import {
  AS_OF,
  ENDED_LONG_AGO,
  ENDED_RECENTLY,
  auditLog,
  auditText,
  createWorld,
  entriesFor,
  expectChainVerifies,
  expectOk,
  fileExists,
  insertLease,
  setUp,
  targetState,
  tableCount,
  writeInventory,
  type Row,
  type World,
  type WorldOptions,
} from './world.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];

/** Two due automatic records (a file and a row) and one that is not due. */
const ROWS: Row[] = [
  { id: 'F-DUE', category: 'casenote', location: 'casefiles:a/due.txt', ended: ENDED_LONG_AGO },
  { id: 'C-DUE', category: 'crm-note', location: 'crm:c-1', ended: ENDED_LONG_AGO },
  { id: 'F-RECENT', category: 'casenote', location: 'casefiles:b/recent.txt', ended: ENDED_RECENTLY },
];

async function world(options?: WorldOptions): Promise<World> {
  const w = createWorld(options);
  await setUp(w, ROWS);
  return w;
}

const actions = (w: World, action: string) => auditLog(w).filter((e) => e.action === action);

describe('refusals change nothing', () => {
  it('without --yes and without a terminal: exit 2, no deletion, no audit entry', async () => {
    const w = await world();
    const before = { targets: targetState(w), log: auditLog(w) };
    const result = await w.run(['apply', '--as-of', AS_OF]);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['apply.needs-yes']);
    expect(result.stderr).toContain('--yes');
    expect(expectNoStack(result.stderr)).toBe(true);
    expect({ targets: targetState(w), log: auditLog(w) }).toEqual(before);
  });

  it('--max-deletions below the plan: exit 3, says by how much, deletes nothing', async () => {
    const w = await world();
    const before = targetState(w);
    const result = await w.run([...APPLY, '--max-deletions', '1']);
    expect(result.code).toBe(3);
    expect(errorCodes(result.stderr)).toEqual(['apply.limit.max-deletions']);
    expect(expectNoStack(result.stderr)).toBe(true);
    expect(targetState(w)).toEqual(before);
    expect(actions(w, 'intent')).toEqual([]);
    expect(actions(w, 'run-end').at(-1)?.detail).toMatchObject({ status: 'refused' });
  });

  it('--max-deletions equal to the plan lets it run', async () => {
    const w = await world();
    expectOk(await w.run([...APPLY, '--max-deletions', '2']));
    expect(fileExists(w, 'a/due.txt')).toBe(false);
  });

  it("the config's maxPercent: exit 3, says by how much and which setting refused, deletes nothing", async () => {
    const w = await world({ limits: { maxPercent: 10 } });
    const before = targetState(w);
    const result = await w.run(APPLY);
    expect(result.code).toBe(3);
    expect(errorCodes(result.stderr)).toEqual(['apply.limit.max-percent']);
    // What a person reads: by how much, and which setting to look at.
    expect(result.stderr).toContain('2 of 3 live records is 66.7%, the limit is 10%, set by limits.maxPercent in retention.config.yaml');
    expect(result.stderr).toMatch(/hint: .*--max-percent N \(it wins over limits\.maxPercent in retention\.config\.yaml\)/);
    expect(targetState(w)).toEqual(before);
    expect(actions(w, 'intent')).toEqual([]);
  });

  it("--max-percent below the plan: exit 3, the hint names the flag; it wins over the config's limits.maxPercent", async () => {
    const w = await world({ limits: { maxPercent: 10 } });
    const before = targetState(w);
    const flagged = await w.run([...APPLY, '--max-percent', '50']);
    expect(flagged.code).toBe(3);
    expect(errorCodes(flagged.stderr)).toEqual(['apply.limit.max-percent']);
    expect(flagged.stderr).toMatch(/hint: .*a higher --max-percent N/);
    expect(targetState(w)).toEqual(before);
    expectOk(await w.run([...APPLY, '--max-percent', '70']));
    expect(fileExists(w, 'a/due.txt')).toBe(false);
  });

  it('--max-percent that is not a percentage is a usage error', async () => {
    const w = await world();
    for (const value of ['101', '-1', 'ten']) {
      const result = await w.run([...APPLY, '--max-percent', value]);
      expect(result.code, value).toBe(2);
      expect(errorCodes(result.stderr), value).toEqual(['usage.bad-value']);
      expect(result.stderr).toContain('--max-percent');
    }
    const empty = await w.run([...APPLY, '--max-percent', '']);
    expect(empty.code).toBe(2);
    expect(errorCodes(empty.stderr)).toEqual(['usage.empty-value']);
  });

  it("an --as-of after today (in the policy's timezone): exit 2, nothing touched, no run started", async () => {
    const w = await world();
    const before = { targets: targetState(w), log: auditLog(w) };
    const future = DateTime.now().setZone('Europe/London').plus({ days: 2 }).toISODate()!;
    for (const asOf of [future, '2040-01-01']) {
      const result = await w.run(['apply', '--yes', '--as-of', asOf]);
      expect(result.code).toBe(2);
      expect(errorCodes(result.stderr)).toEqual(['as-of.after-today']);
      expect(result.stderr).toMatch(new RegExp(`--as-of ${asOf} is after today \\(\\d{4}-\\d{2}-\\d{2} in Europe/London\\)`));
      expect(expectNoStack(result.stderr)).toBe(true);
    }
    expect({ targets: targetState(w), log: auditLog(w) }).toEqual(before);
  });

  it('an --as-of in the past deletes only what is due as of today too: an event dated since then keeps the record (finding B1)', async () => {
    const w = await world();
    // Today is ten days after AS_OF; F-DUE's case was re-opened and ended again in between.
    const now = () => new Date('2026-07-10T12:00:00Z');
    expectOk(await w.run(['event', 'add', 'ended', '--record', 'F-DUE', '--date', '2026-07-05', '--by', 'Dee Pio'], { now }));
    const result = await w.run(APPLY, { now });
    expect(result.code).toBe(0);
    expect(fileExists(w, 'a/due.txt')).toBe(true);
    expect(entriesFor(auditLog(w), 'F-DUE', 'intent')).toEqual([]);
    expect(entriesFor(auditLog(w), 'C-DUE', 'deleted')).toHaveLength(1);
    expect(actions(w, 'run-end').at(-1)?.detail).toMatchObject({ summary: { notDueToday: 1, deleted: 1 } });
  });

  it('plan --out as of a future date is refused (it would approve deletions in advance); a dry-run plan may look ahead', async () => {
    const w = await world();
    const before = auditLog(w);
    const out = path.join(w.dir, 'future.json');
    const refused = await w.run(['plan', '--format', 'json', '--as-of', '2040-01-01', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(errorCodes(refused.stderr)).toEqual(['as-of.after-today']);
    expect(fs.existsSync(out)).toBe(false);
    expect(auditLog(w)).toEqual(before);
    const lookAhead = await w.run(['plan', '--format', 'json', '--as-of', '2040-01-01']);
    expect(lookAhead.code).toBe(0);
    expect((JSON.parse(lookAhead.stdout) as { summary: PlanSummary }).summary.byStatus.due).toBe(3);
  });

  it('pre-flight: a target that fails its check (a table that is not there) stops the run before any deletion: exit 2', async () => {
    const w = await world();
    const config = path.join(w.dir, 'retention.config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('table: notes', 'table: letters'));
    const before = targetState(w);
    const result = await w.run(APPLY);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['target.unusable']);
    expect(result.stderr).toContain('target "crm": table "letters" not found');
    expect(expectNoStack(result.stderr)).toBe(true);
    expect(targetState(w)).toEqual(before);
    expect(actions(w, 'intent')).toEqual([]);
    expect(actions(w, 'run-end').at(-1)?.detail).toMatchObject({ status: 'refused', summary: { deleted: 0 } });
  });

  it('a lock held by a live process on this host: exit 75, nothing changed', async () => {
    const w = await world();
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      insertLease(w, { run: 'run-other', pid: holder.pid!, host: os.hostname() });
      const before = { targets: targetState(w), log: auditLog(w) };
      const result = await w.run(APPLY);
      expect(result.code).toBe(75);
      expect(errorCodes(result.stderr)).toEqual(['apply.locked']);
      expect(result.stderr).toContain(`pid ${holder.pid}`);
      expect({ targets: targetState(w), log: auditLog(w) }).toEqual(before);
      expect(tableCount(w, 'lease')).toBe(1);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a lock of a dead process on another host is not taken over (its pid cannot be checked here)', async () => {
    const w = await world();
    const dead = spawnSync('true').pid;
    insertLease(w, { run: 'run-elsewhere', pid: dead, host: `not-${os.hostname()}` });
    const before = { targets: targetState(w), log: auditLog(w) };
    expect((await w.run(APPLY)).code).toBe(75);
    expect({ targets: targetState(w), log: auditLog(w) }).toEqual(before);
  });

  it('a lock left by a dead process on this host is taken over, and the run-start says so', async () => {
    const w = await world();
    const dead = spawnSync('true').pid;
    insertLease(w, { run: 'run-crashed', pid: dead, host: os.hostname() });
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'a/due.txt')).toBe(false);
    expect(actions(w, 'run-start').at(-1)?.detail).toMatchObject({ staleLockFrom: 'run-crashed' });
    expect(tableCount(w, 'lease')).toBe(0);
    await expectChainVerifies(auditLog(w));
  });
});

describe('refs that try to leave the files root', () => {
  /** Each attack, and the file outside the root (or the wrong file inside it) it aims at. */
  function attackWorld(): { w: World; victims: string[]; attacks: Row[] } {
    const w = createWorld();
    const victims = ['outside.txt', 'abs.txt', 'secret.txt', 'leaf-target.txt'].map((name) => path.join(w.outside, name));
    for (const victim of victims) fs.writeFileSync(victim, 'must survive');
    fs.symlinkSync(w.outside, path.join(w.root, 'link'));
    fs.symlinkSync(path.join(w.outside, 'leaf-target.txt'), path.join(w.root, 'leaf.txt'));
    // A NUL that truncated the path would name this file, inside the root but not the record's.
    fs.writeFileSync(path.join(w.root, 'decoy.txt'), 'must survive');
    victims.push(path.join(w.root, 'decoy.txt'));
    const attack = (id: string, ref: string): Row => ({ id, category: 'casenote', location: `casefiles:${ref}`, ended: ENDED_LONG_AGO });
    const attacks = [
      attack('X-DOTDOT', '../outside/outside.txt'),
      attack('X-ABSOLUTE', path.join(w.outside, 'abs.txt')),
      attack('X-LINKED-FOLDER', 'link/secret.txt'),
      attack('X-LINKED-LEAF', 'leaf.txt'),
    ];
    return { w, victims, attacks };
  }

  it('a NUL in a location never reaches a target: the import refuses it (exit 2), the store unchanged', async () => {
    const { w, victims } = attackWorld();
    const nul: Row = {
      id: 'X-NUL',
      category: 'casenote',
      location: 'casefiles:decoy.txt\u0000/../../outside/outside.txt',
      ended: ENDED_LONG_AGO,
    };
    const result = await w.run(['inventory', 'import', writeInventory(w, [nul], 'inventory.jsonl'), '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('U+0000');
    for (const victim of victims) expect(fs.readFileSync(victim, 'utf8'), victim).toBe('must survive');
  });

  it('each fails in the audit log, nothing outside is touched, and no path is logged', async () => {
    const { w, victims, attacks } = attackWorld();
    const good: Row = { id: 'F-GOOD', category: 'casenote', location: 'casefiles:a/good.txt', ended: ENDED_LONG_AGO };
    fs.mkdirSync(path.join(w.root, 'a'));
    fs.writeFileSync(path.join(w.root, 'a/good.txt'), 'due');
    expectOk(await w.run(['inventory', 'import', writeInventory(w, [...attacks, good], 'inventory.jsonl'), '--quiet']));

    const result = await w.run(APPLY);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`1 deleted, 0 already absent, ${attacks.length} failed`);
    for (const { id } of attacks) expect(result.stderr).toContain(`failed ${id}`);

    for (const victim of victims) expect(fs.readFileSync(victim, 'utf8'), victim).toBe('must survive');
    expect(fs.lstatSync(path.join(w.root, 'link')).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(w.root, 'leaf.txt')).isSymbolicLink()).toBe(true);
    expect(fileExists(w, 'a/good.txt')).toBe(false);

    const log = auditLog(w);
    for (const { id } of attacks) {
      expect(entriesFor(log, id, 'deleted'), id).toEqual([]);
      const failed = entriesFor(log, id, 'failed');
      expect(failed, id).toHaveLength(1);
      expect(failed[0]?.detail?.error, id).toMatch(/^refused: /);
    }
    const logged = auditText(w);
    const output = result.stderr;
    for (const secret of [w.dir, 'outside', 'secret.txt', 'leaf', 'decoy', 'abs.txt']) {
      expect(logged, secret).not.toContain(secret);
      expect(output, secret).not.toContain(secret);
    }
    await expectChainVerifies(log);
  });
});
