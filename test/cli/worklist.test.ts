/**
 * Never record as destroyed what was not: `confirm` only closes a line of the manual destruction
 * worklist that is still due; a worklist line whose record became held is withdrawn; the cron
 * run tells a person about new worklist lines (and nothing else); and a files target whose root
 * is empty (a share that is not mounted) does not count missing files as "already absent".
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  ENDED_LONG_AGO,
  auditLog,
  auditText,
  createWorld,
  entriesFor,
  expectOk,
  expectRefused,
  fileExists,
  planFromStore,
  setUp,
  tableCount,
  writeInventory,
  type Row,
  type World,
} from './world.js';

const AT = ['--as-of', AS_OF];
const APPLY = ['apply', '--yes', ...AT];

const paper = (id: string, ended: string | undefined = ENDED_LONG_AGO): Row => ({
  id,
  category: 'paper-form',
  location: `paper:box-1/${id}`,
  ended,
});
const confirm = (w: World, id: string) => w.run(['confirm', id, '--by', 'A. Clerk', '--method', 'cross-cut shredder', ...AT]);

/** A refused confirm leaves no trace: the log and the worklist are as they were, the record still due. */
async function expectConfirmRefused(w: World, id: string, code: string): Promise<void> {
  const logBefore = auditLog(w);
  const intentsBefore = tableCount(w, 'intents');
  expectRefused(await confirm(w, id), code);
  expect(auditLog(w)).toEqual(logBefore);
  expect(tableCount(w, 'intents')).toBe(intentsBefore);
  expect((await planFromStore(w)).has(id)).toBe(true);
}

describe('confirm refuses what is not a due line of the destruction worklist', () => {
  it('a record on a files target, and a paper record no apply has put on the worklist', async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-DUE', category: 'casenote', location: 'casefiles:a/notes.txt', ended: ENDED_LONG_AGO }, paper('P-1')]);
    await expectConfirmRefused(w, 'F-DUE', 'confirm.not-manual');
    expect(fileExists(w, 'a/notes.txt')).toBe(true);
    await expectConfirmRefused(w, 'P-1', 'confirm.not-on-worklist');
  });

  it('a worklist record held after apply: refused, and the next apply withdraws it (intent closed as failed)', async () => {
    const w = createWorld();
    await setUp(w, [paper('P-1')]);
    expect((await w.run(APPLY)).code).toBe(0);
    const intent = entriesFor(auditLog(w), 'P-1', 'intent');
    expect(intent).toHaveLength(1);

    // Whoever has the paper list must hear of the hold now (finding B7).
    const held = expectOk(await w.run(['hold', 'add', '--record', 'P-1', '--reason', 'police enquiry', '--by', 'Dee Pio'])).stdout;
    const since = String(intent[0]?.at).slice(0, 10);
    expect(held).toBe(
      `H-1 holds 1 record now\n  P-1 is on the destruction worklist since ${since} (run ${intent[0]?.run}): tell whoever has the list NOT to destroy it; the next apply takes it off\n`,
    );
    await expectConfirmRefused(w, 'P-1', 'confirm.not-due');

    // The withdrawal is work for a person: printed even by an unattended run (exit 0).
    const withdrawing = await w.run(APPLY);
    expect(withdrawing).toMatchObject({ code: 0, stdout: '' });
    expect(withdrawing.stderr).toBe(
      '1 record taken off the destruction worklist: do NOT destroy it — tell whoever has the list:\n  P-1  paper:box-1/P-1  held now\n',
    );
    const failed = entriesFor(auditLog(w), 'P-1', 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail?.error).toContain('withdrawn from the destruction worklist');
    expect(tableCount(w, 'intents')).toBe(0);
    expect(entriesFor(auditLog(w), 'P-1', 'confirm')).toEqual([]);

    // Released and due again: the next night puts it back on the worklist, and now it may be confirmed.
    expectOk(await w.run(['hold', 'release', 'H-1', '--reason', 'enquiry closed', '--by', 'Dee Pio']));
    expect((await w.run(APPLY)).stderr).toContain('P-1');
    expect(entriesFor(auditLog(w), 'P-1', 'intent')).toHaveLength(2);
    expectOk(await confirm(w, 'P-1'));
    expect(entriesFor(auditLog(w), 'P-1', 'confirm')).toHaveLength(1);
  });
});

describe('cron and the worklist', () => {
  it('a night that puts NEW paper records on the worklist lists them on stderr and exits 0; --quiet prints nothing', async () => {
    const w = createWorld();
    await setUp(w, [paper('P-1'), paper('P-2'), paper('P-3', '')]);

    const first = await w.run(APPLY);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/2 records on manual targets must now be destroyed by hand/);
    expect(first.stderr).toContain('retention confirm');
    for (const id of ['P-1', 'P-2']) expect(first.stderr).toContain(id);
    expect(first.stderr).not.toContain('P-3');

    // Nothing new: a quiet night, although the worklist is still open.
    expect(await w.run(APPLY)).toEqual({ code: 0, stdout: '', stderr: '' });

    expectOk(await w.run(['event', 'add', 'ended', '--record', 'P-3', '--date', ENDED_LONG_AGO, '--by', 'Dee Pio']));
    expect(await w.run([...APPLY, '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(entriesFor(auditLog(w), 'P-3', 'intent')).toHaveLength(1);
    expect(tableCount(w, 'intents')).toBe(3);
  });
});

describe('a files target whose root is empty (its share is not mounted)', () => {
  it('a due record whose file is missing is failed, not "already absent": no tombstone, still due', async () => {
    const w = createWorld();
    const rows: Row[] = [{ id: 'F-GONE', category: 'casenote', location: 'casefiles:a/notes.txt', ended: ENDED_LONG_AGO }];
    // Imported but never created: the root stays an empty folder.
    expectOk(await w.run(['inventory', 'import', writeInventory(w, rows), '--quiet']));
    expect(fs.readdirSync(w.root)).toEqual([]);

    const result = await w.run(APPLY);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed F-GONE: .*mounted/);
    const log = auditLog(w);
    expect(entriesFor(log, 'F-GONE', 'deleted')).toEqual([]);
    const failed = entriesFor(log, 'F-GONE', 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail?.error).toContain('mounted');
    expect((await planFromStore(w)).get('F-GONE')?.status).toBe('due');
    expect(fs.existsSync(path.join(w.root, 'a'))).toBe(false);
  });
});

describe('the worklist stays visible in the plan', () => {
  it('a paper record on the worklist is due, "awaiting destruction since DATE", in every plan until it is confirmed', async () => {
    const w = createWorld();
    await setUp(w, [paper('P-1')]);
    expect((await w.run(APPLY)).stderr).toContain('P-1');
    const awaiting =
      /^awaiting destruction since \d{4}-\d{2}-\d{2} \(put on the destruction worklist by run run-\S+; once destroyed: retention confirm P-1 /;
    expect((await planFromStore(w)).get('P-1')).toMatchObject({ status: 'due', reason: expect.stringMatching(awaiting) });

    // A quiet night later, the line is still there, in the table as in JSON.
    expectOk(await w.run(APPLY));
    expect((await planFromStore(w)).get('P-1')).toMatchObject({ status: 'due', reason: expect.stringMatching(awaiting) });
    expect(expectOk(await w.run(['plan', ...AT])).stdout).toContain('awaiting destruction since');

    expectOk(await confirm(w, 'P-1'));
    expect((await planFromStore(w)).has('P-1')).toBe(false);
  });
});

describe('confirm --method', () => {
  it('takes a method from the closed list only (exit 2 with the list), and keeps the free note out of the log', async () => {
    const w = createWorld();
    await setUp(w, [paper('P-1'), paper('P-2')]);
    expect((await w.run(APPLY)).code).toBe(0);
    const logBefore = auditLog(w);
    const confirmWith = (id: string, ...extra: string[]) => w.run(['confirm', id, '--by', 'A. Clerk', ...AT, ...extra]);
    expectRefused(
      await confirmWith('P-1', '--method', 'shredded John Smith file at home'),
      'confirm.unknown-method',
      /--method "shredded John Smith file at home" is not one of the destruction methods: "cross-cut shredder", "secure disposal contractor"/,
    );
    expectRefused(
      await confirmWith('P-1', '--method', 'cross-cut shreder'),
      'confirm.unknown-method',
      /did you mean "cross-cut shredder"\?/,
    );
    expect(auditLog(w)).toEqual(logBefore);

    expectOk(await confirmWith('P-1', '--method', 'cross-cut shredder', '--note', 'bag 41, witnessed by John Smith'));
    const confirmed = entriesFor(auditLog(w), 'P-1', 'confirm');
    expect(confirmed).toEqual([
      expect.objectContaining({ actor: 'A. Clerk', detail: expect.objectContaining({ method: 'cross-cut shredder' }) }),
    ]);
    expect(auditText(w)).not.toContain('John Smith');
    const db = new Database(w.store, { readonly: true });
    try {
      expect(db.prepare("SELECT method, note FROM confirmations WHERE record = 'P-1'").get()).toEqual({
        method: 'cross-cut shredder',
        note: 'bag 41, witnessed by John Smith',
      });
    } finally {
      db.close();
    }

    // The config's own list replaces the defaults.
    fs.appendFileSync(path.join(w.dir, 'retention.config.yaml'), 'destructionMethods: [Shred-it bag, on-site pulping]\n');
    expectRefused(
      await confirmWith('P-2', '--method', 'cross-cut shredder'),
      'confirm.unknown-method',
      /not one of the destruction methods: "Shred-it bag", "on-site pulping"/,
    );
    expectOk(await confirmWith('P-2', '--method', 'on-site pulping'));
  });
});

describe('explain on a deleted record', () => {
  it('shows its history — deleted when, by which run, under which rule — instead of "no record"', async () => {
    const w = createWorld();
    await setUp(w, [paper('P-1'), { id: 'F-1', category: 'casenote', location: 'casefiles:a/notes.txt', ended: ENDED_LONG_AGO }]);
    expectOk(await w.run([...APPLY, '--quiet']));
    const run = auditLog(w).find((e) => e.action === 'run-start')?.run;
    const file = expectOk(await w.run(['explain', 'F-1', ...AT])).stdout;
    expect(file).toMatch(new RegExp(`^DELETED on \\S+ by run ${run}, under rule closed-cases\\.$`, 'm'));
    expect(file).toMatch(/intent .* by test-cron/);
    expect(file).toMatch(/deleted .* by test-cron — run \S+, rule closed-cases, result deleted, target casefiles/);
    expect(file).toContain('due again only if a run finds it back in its target');

    expectOk(await confirm(w, 'P-1'));
    const text = expectOk(await w.run(['explain', 'P-1', ...AT])).stdout;
    expect(text).toMatch(new RegExp(`^DELETED on \\S+ by run ${run}, under rule closed-cases\\.$`, 'm'));
    expect(text).toMatch(/confirm .* by A\. Clerk — run \S+, rule closed-cases, method cross-cut shredder/);
    // Paper is never looked for, so it never comes back: no hint that it might.
    expect(text).toContain('never due again');
    expect(text).not.toContain('finds it back');
    const json = JSON.parse(expectOk(await w.run(['explain', 'P-1', '--format', 'json', ...AT])).stdout) as {
      deleted: { run: string; rule: string };
      history: { action: string }[];
    };
    expect(json.deleted).toMatchObject({ run, rule: 'closed-cases' });
    expect(json.history.map((e) => e.action)).toEqual(['intent', 'confirm']);

    expectRefused(await w.run(['explain', 'NEVER-THERE', ...AT]), 'record.not-found');
  });
});

describe('approved paper on the destruction worklist (finding B6)', () => {
  it('is due for destruction by hand, not awaiting approval, in the table and the HTML report', async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'P-PLAN', category: 'care-plan', location: 'paper:box-3/plan', ended: ENDED_LONG_AGO }]);
    expect(expectOk(await w.run(['plan', ...AT])).stdout).toContain('1 awaiting approval');
    const plan = path.join(w.dir, 'p.json');
    expect((await w.run(['plan', '--format', 'json', ...AT, '--out', plan])).code).toBe(0);
    expect((await w.run(['approve', plan, '--by', 'Dee Pio'])).code).toBe(0);
    expect((await w.run(APPLY)).code).toBe(0);
    expect(entriesFor(auditLog(w), 'P-PLAN', 'intent')).toHaveLength(1);

    const table = expectOk(await w.run(['plan', ...AT])).stdout;
    expect(table).not.toContain('awaiting approval');
    const json = JSON.parse(expectOk(await w.run(['plan', '--format', 'json', ...AT])).stdout) as { summary: { awaitingApproval: number } };
    expect(json.summary.awaitingApproval).toBe(0);
    const page = expectOk(await w.run(['plan', '--format', 'html', ...AT])).stdout;
    const section = (id: string) =>
      [...page.matchAll(/<section[^>]*id="([^"]+)"[^>]*>[\s\S]*?<\/section>/g)].find((m) => m[1] === id)?.[0] ?? '';
    expect(section('due-by-hand')).toContain('P-PLAN');
    expect(section('awaiting-approval')).not.toContain('P-PLAN');
  });
});
