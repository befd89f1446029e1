/**
 * `retention apply --yes` end to end, as the nightly cron line runs it: a mixed inventory over
 * files, SQLite rows and paper; what is deleted is checked in the targets themselves, not only
 * in the audit log. Holds and events are re-read when the run starts; deleted records that come
 * back are due again; a paper record is destroyed by a person and confirmed.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  ENDED_LONG_AGO,
  ENDED_RECENTLY,
  auditLog,
  auditText,
  createWorld,
  crmIds,
  entriesFor,
  expectChainVerifies,
  expectOk,
  fileExists,
  planFromStore,
  refOf,
  setUp,
  tableCount,
  writeInventory,
  type Row,
  type World,
} from './world.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];

/** One of each fate; only F-DUE and C-DUE may be deleted by `apply --yes`. */
const MIXED: Row[] = [
  { id: 'F-DUE', category: 'casenote', location: 'casefiles:client-1/notes.txt', ended: ENDED_LONG_AGO },
  { id: 'F-RECENT', category: 'casenote', location: 'casefiles:client-2/notes.txt', ended: ENDED_RECENTLY },
  { id: 'F-OPEN', category: 'casenote', location: 'casefiles:client-3/notes.txt' },
  { id: 'F-FLAGGED', category: 'casenote', location: 'casefiles:client-4/notes.txt', ended: ENDED_LONG_AGO, under_review: true },
  { id: 'F-HELD', category: 'casenote', location: 'casefiles:client-5/notes.txt', ended: ENDED_LONG_AGO },
  { id: 'F-PLAN', category: 'care-plan', location: 'casefiles:client-1/plan.txt', ended: ENDED_LONG_AGO },
  { id: 'C-DUE', category: 'crm-note', location: 'crm:c-1', ended: ENDED_LONG_AGO },
  { id: 'C-RECENT', category: 'crm-note', location: 'crm:c-2', ended: ENDED_RECENTLY },
  { id: 'P-DUE', category: 'paper-form', location: 'paper:box-1/folder-7', ended: ENDED_LONG_AGO },
];

const fileOf = (id: string): string => refOf(MIXED.find((r) => r.id === id)!).ref;

async function mixedWorld(): Promise<World> {
  const world = createWorld();
  await setUp(world, MIXED);
  expectOk(await world.run(['hold', 'add', '--record', 'F-HELD', '--reason', 'subject access request in progress', '--by', 'Dee Pio']));
  return world;
}

describe('apply --yes over files, SQLite rows and paper', () => {
  it('deletes exactly the due, unheld, automatic records from their targets, telling only of the paper work', async () => {
    const world = await mixedWorld();
    const before = await planFromStore(world);
    expect(before.get('F-PLAN')).toMatchObject({ status: 'due', approval: 'required' });
    expect(before.get('F-HELD')?.status).toBe('held');
    expect(before.get('F-FLAGGED')?.status).toBe('held');

    const result = await world.run(APPLY);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    // Off a terminal a good night is silent but for the new manual destruction worklist.
    expect(result.stderr).toBe(
      '1 record on manual targets must now be destroyed by hand, then confirmed (retention confirm ID --by NAME --method METHOD):\n  P-DUE  paper:box-1/folder-7  closed-cases\n',
    );

    expect(fileExists(world, fileOf('F-DUE'))).toBe(false);
    for (const id of ['F-RECENT', 'F-OPEN', 'F-FLAGGED', 'F-HELD', 'F-PLAN']) expect(fileExists(world, fileOf(id)), id).toBe(true);
    expect(crmIds(world)).toEqual(['c-2']);

    const log = auditLog(world);
    const touched = (action: string) =>
      log
        .filter((e) => e.action === action)
        .map((e) => e.record)
        .sort();
    // The paper record's intent is its line on the destruction worklist (closed by `confirm`).
    expect(touched('intent')).toEqual(['C-DUE', 'F-DUE', 'P-DUE']);
    expect(touched('deleted')).toEqual(['C-DUE', 'F-DUE']);
    expect(touched('failed')).toEqual([]);
    expect(entriesFor(log, 'F-DUE', 'deleted')[0]).toMatchObject({
      rule: 'closed-cases',
      detail: { target: 'casefiles', result: 'deleted' },
    });
    expect(entriesFor(log, 'C-DUE', 'deleted')[0]).toMatchObject({ rule: 'closed-cases', detail: { target: 'crm', result: 'deleted' } });
    const runEnd = log.find((e) => e.action === 'run-end');
    expect(runEnd?.detail).toMatchObject({ status: 'done', summary: { deleted: 2, failed: 0, worklist: 1, awaitingApproval: 1 } });
    await expectChainVerifies(log);
  });

  it('a due paper record: its intent stays open as the worklist until `confirm` closes it; never deleted by the tool', async () => {
    const world = await mixedWorld();
    expectOk(await world.run([...APPLY, '--quiet']));
    expectOk(await world.run(APPLY)); // a second night neither settles nor re-journals (nor re-lists) the open intent
    const journaled = entriesFor(auditLog(world), 'P-DUE');
    expect(journaled.map((e) => e.action)).toEqual(['intent']);
    expect(journaled[0]?.detail).toMatchObject({ target: 'paper' });
    expect(tableCount(world, 'intents')).toBe(1);
    expect((await planFromStore(world)).get('P-DUE')?.status).toBe('due');

    expectOk(await world.run(['confirm', 'P-DUE', '--by', 'Jo Bloggs', '--method', 'cross-cut shredder']));
    const confirms = entriesFor(auditLog(world), 'P-DUE', 'confirm');
    expect(confirms).toHaveLength(1);
    expect(confirms[0]).toMatchObject({ actor: 'Jo Bloggs', detail: { method: 'cross-cut shredder', intentSeq: journaled[0]?.seq } });
    expect(tableCount(world, 'intents')).toBe(0);
    expect((await planFromStore(world)).has('P-DUE')).toBe(false);
  });

  it('a record under approval: required stays, however often apply --yes runs', async () => {
    const world = await mixedWorld();
    expectOk(await world.run([...APPLY, '--quiet']));
    expectOk(await world.run(APPLY));
    expect(fileExists(world, fileOf('F-PLAN'))).toBe(true);
    expect(entriesFor(auditLog(world), 'F-PLAN')).toEqual([]);
    expect((await planFromStore(world)).get('F-PLAN')?.status).toBe('due');
  });
});

describe('holds and events are re-read when the run starts', () => {
  it('a hold placed after the plan was printed wins; releasing it lets the next run delete', async () => {
    const world = createWorld();
    const row: Row = { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO };
    await setUp(world, [row]);
    expect((await planFromStore(world)).get('F-1')?.status).toBe('due');

    expect(expectOk(await world.run(['hold', 'add', '--record', 'F-1', '--reason', 'litigation', '--by', 'Dee Pio'])).stdout.trim()).toBe(
      'H-1 holds 1 record now',
    );
    expectOk(await world.run(APPLY));
    expect(fileExists(world, 'a/one.txt')).toBe(true);
    expect(entriesFor(auditLog(world), 'F-1', 'intent')).toEqual([]);

    expectOk(await world.run(['hold', 'release', 'H-1', '--reason', 'case settled', '--by', 'Dee Pio']));
    expectOk(await world.run(APPLY));
    expect(fileExists(world, 'a/one.txt')).toBe(false);
    expect(entriesFor(auditLog(world), 'F-1', 'deleted')).toHaveLength(1);
  });

  it('an event added after the plan makes a pending record due in the next run', async () => {
    const world = createWorld();
    await setUp(world, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt' }]);
    expect((await planFromStore(world)).get('F-1')?.status).toBe('pending');

    expectOk(await world.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO, '--by', 'Dee Pio']));
    expectOk(await world.run(APPLY));
    expect(fileExists(world, 'a/one.txt')).toBe(false);
  });

  it('a subject event reaches every record of that subject', async () => {
    const world = createWorld();
    await setUp(world, [
      { id: 'F-1', subject: 'S-9', category: 'casenote', location: 'casefiles:a/one.txt' },
      { id: 'C-1', subject: 'S-9', category: 'crm-note', location: 'crm:c-1' },
      { id: 'F-2', subject: 'S-8', category: 'casenote', location: 'casefiles:b/two.txt' },
    ]);
    expectOk(await world.run(['event', 'add', 'ended', '--subject', 'S-9', '--date', ENDED_LONG_AGO, '--by', 'Dee Pio']));
    expectOk(await world.run(APPLY));
    expect(fileExists(world, 'a/one.txt')).toBe(false);
    expect(crmIds(world)).toEqual([]);
    expect(fileExists(world, 'b/two.txt')).toBe(true);
  });
});

describe('records that are gone already, or come back', () => {
  it('a file already gone is recorded as deleted, "already absent"', async () => {
    const world = createWorld();
    await setUp(world, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    // Its folder still holds something: an empty folder may be a share that is not mounted.
    fs.writeFileSync(path.join(world.root, 'a/other.txt'), 'kept');
    fs.rmSync(path.join(world.root, 'a/one.txt'));

    expectOk(await world.run(APPLY));
    const deleted = entriesFor(auditLog(world), 'F-1', 'deleted');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]?.detail).toMatchObject({ result: 'already absent' });
  });

  it('a file missing where one differing only in case is, or in an empty folder, is failed, not "already absent", and stays due', async () => {
    const world = createWorld();
    await setUp(world, [
      { id: 'F-CASE', category: 'casenote', location: 'casefiles:Client/File.TXT', ended: ENDED_LONG_AGO },
      { id: 'F-EMPTY', category: 'casenote', location: 'casefiles:archive/one.txt', ended: ENDED_LONG_AGO },
    ]);
    fs.renameSync(path.join(world.root, 'Client/File.TXT'), path.join(world.root, 'Client/file.txt'));
    fs.renameSync(path.join(world.root, 'Client'), path.join(world.root, 'client'));
    fs.rmSync(path.join(world.root, 'archive/one.txt'));

    const result = await world.run(APPLY);
    expect(result.code).toBe(1);
    const log = auditLog(world);
    for (const id of ['F-CASE', 'F-EMPTY']) {
      expect(entriesFor(log, id, 'deleted')).toEqual([]);
      expect(entriesFor(log, id, 'failed')).toHaveLength(1);
      expect((await planFromStore(world)).get(id)?.status).toBe('due');
    }
    expect(entriesFor(log, 'F-CASE', 'failed')[0]?.detail?.error).toContain('similar name');
    expect(fileExists(world, 'client/file.txt')).toBe(true);
  });

  it('a deleted record that a re-import still lists stays deleted: reported as listed again, never due, never deleted twice', async () => {
    const world = createWorld();
    const rows: Row[] = [
      { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
      { id: 'P-1', category: 'paper-form', location: 'paper:box-1/folder-1', ended: ENDED_LONG_AGO },
    ];
    await setUp(world, rows);
    expectOk(await world.run(APPLY.concat('--quiet')));
    expectOk(await world.run(['confirm', 'P-1', '--by', 'A. Clerk', '--method', 'cross-cut shredder', '--as-of', AS_OF]));
    const logAfterDestruction = auditLog(world);

    const reimport = await world.run(['inventory', 'import', writeInventory(world, rows)]);
    expect(reimport.code).toBe(0);
    expect(reimport.stderr).toContain('2 listed again after deletion — check the inventory export');
    expect(reimport.stderr).not.toMatch(/reappeared/i);
    const plan = JSON.parse(expectOk(await world.run(['plan', '--format', 'json', '--as-of', AS_OF])).stdout) as {
      decisions: { id: string }[];
      summary: { listedAfterDeletion: { id: string }[] };
    };
    expect(plan.decisions.map((d) => d.id)).toEqual([]);
    expect(plan.summary.listedAfterDeletion.map((l) => l.id)).toEqual(['F-1', 'P-1']);
    expect(expectOk(await world.run(['plan', '--as-of', AS_OF])).stdout).toMatch(
      /Listed again after deletion — check the inventory export: 2 deleted records/,
    );

    // The next night: no second intent or deletion, and the destroyed paper record is not back on the worklist.
    expect(await world.run(APPLY)).toEqual({ code: 0, stdout: '', stderr: '' });
    const log = auditLog(world);
    const since = log.slice(logAfterDestruction.length);
    expect(since.filter((e) => e.record !== null)).toEqual([]);
    expect(since.map((e) => e.action)).toEqual(['import', 'run-start', 'run-end']);
    expect(tableCount(world, 'intents')).toBe(0);
  });
});

describe('a deleted record restored into its target (a backup put back)', () => {
  it('is found by the next run, logged as reappeared and due again; deleted again only through a plan approved since (never unattended); nothing else is touched', async () => {
    const world = createWorld();
    const rows: Row[] = [
      { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
      { id: 'F-KEEP', category: 'casenote', location: 'casefiles:b/keep.txt', ended: ENDED_RECENTLY },
    ];
    await setUp(world, rows);
    const backup = path.join(world.outside, 'one.txt');
    fs.copyFileSync(path.join(world.root, 'a/one.txt'), backup);
    const takenAt = Math.floor(fs.statSync(path.join(world.root, 'a/one.txt')).mtimeMs / 1000);
    expectOk(await world.run(APPLY));
    expect(fileExists(world, 'a/one.txt')).toBe(false);

    // The restore (as tar does it: same content, the modification time to the second); the inventory is not re-imported.
    fs.mkdirSync(path.join(world.root, 'a'), { recursive: true });
    fs.copyFileSync(backup, path.join(world.root, 'a/one.txt'));
    fs.utimesSync(path.join(world.root, 'a/one.txt'), takenAt, takenAt);
    // The plan looks, read-only, as the run will: due, "reappeared", and nothing logged.
    const logBeforePlan = auditLog(world);
    const planned = (await planFromStore(world)).get('F-1');
    expect(planned?.status).toBe('due');
    expect(planned?.reason).toContain('reappeared after deletion');
    expect(auditLog(world)).toEqual(logBeforePlan);
    expect(expectOk(await world.run(['explain', 'F-1', '--as-of', AS_OF])).stdout).toMatch(/^Decision: DUE — reappeared after deletion/m);

    // Its rule is automatic, but what came back is only taken for the deleted item by its
    // fingerprint: the unattended run finds it and leaves it to a person (issue A3).
    expectOk(await world.run(APPLY));
    expect(fileExists(world, 'a/one.txt')).toBe(true);
    expect(entriesFor(auditLog(world), 'F-1').map((e) => e.action)).toEqual(['intent', 'deleted', 'reappeared']);
    expect(
      auditLog(world)
        .filter((e) => e.action === 'run-end')
        .at(-1)?.detail?.summary,
    ).toMatchObject({ awaitingApproval: 1 });
    expect((await planFromStore(world)).get('F-1')).toMatchObject({ status: 'due', approval: 'required' });

    const plan = path.join(world.dir, 'p.json');
    expect(await world.run(['plan', '--format', 'json', '--as-of', AS_OF, '--out', plan])).toMatchObject({ code: 0 });
    expect(await world.run(['approve', plan, '--by', 'Dee Pio'])).toMatchObject({ code: 0 });
    expectOk(await world.run(['apply', plan, '--yes', '--as-of', AS_OF]));
    expect(fileExists(world, 'a/one.txt')).toBe(false);
    expect(fileExists(world, 'b/keep.txt')).toBe(true);
    const log = entriesFor(auditLog(world), 'F-1');
    expect(log.map((e) => e.action)).toEqual(['intent', 'deleted', 'reappeared', 'intent', 'deleted']);
    expect(log[2]?.detail).toEqual({ target: 'casefiles' });
    expect(auditText(world)).not.toContain('one.txt');

    // A third night finds nothing new: the record is deleted and stays so.
    expectOk(await world.run(APPLY));
    expect(entriesFor(auditLog(world), 'F-1')).toHaveLength(5);
  });
});

describe("another item at a deleted record's location is not the deleted record found back (issue A3)", () => {
  it("a new record's file at the path of a deleted one: reported, not deleted, no `reappeared` entry; the new record keeps its file", async () => {
    const world = createWorld();
    await setUp(world, [{ id: 'EX-02', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    expectOk(await world.run(APPLY));
    // A new client's file at the same path, listed by a new record not yet due.
    fs.mkdirSync(path.join(world.root, 'a'), { recursive: true });
    fs.writeFileSync(path.join(world.root, 'a/one.txt'), 'a new client, a longer text');
    const more = path.join(world.dir, 'more.csv');
    fs.writeFileSync(
      more,
      `id,subject,category,created,location,ended,under_review\nEX-30,S-30,casenote,2020-01-01,casefiles:a/one.txt,${ENDED_RECENTLY},false\n`,
    );
    await world.run(['inventory', 'import', more, '--quiet']);

    const result = await world.run(APPLY);
    expect(result.stderr).toContain('a different item is now at the location of deleted record EX-02');
    expect(fileExists(world, 'a/one.txt')).toBe(true);
    expect(entriesFor(auditLog(world), 'EX-02').map((e) => e.action)).toEqual(['intent', 'deleted']);
    expect((await planFromStore(world)).get('EX-02')).toBeUndefined();
  });

  it('a new file made to look like the deleted one (same size, same modification time): taken for it, but never deleted unattended', async () => {
    const world = createWorld();
    await setUp(world, [{ id: 'EX-02', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    const file = path.join(world.root, 'a/one.txt');
    const { size, mtimeMs } = fs.statSync(file);
    const seconds = Math.floor(mtimeMs / 1000);
    expectOk(await world.run(APPLY));
    // A new client's text of the same length, its time set as `touch -d` would.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'N'.repeat(size));
    fs.utimesSync(file, seconds, seconds);
    const more = path.join(world.dir, 'more.csv');
    fs.writeFileSync(
      more,
      `id,subject,category,created,location,ended,under_review\nEX-30,S-30,casenote,2020-01-01,casefiles:a/one.txt,${ENDED_RECENTLY},false\n`,
    );
    await world.run(['inventory', 'import', more, '--quiet']);

    expectOk(await world.run(APPLY));
    expect(fs.readFileSync(file, 'utf8')).toBe('N'.repeat(size));
    expect(entriesFor(auditLog(world), 'EX-02').map((e) => e.action)).toEqual(['intent', 'deleted', 'reappeared']);
  });

  it('a new row at the key of a deleted one (rowid reuse): not deleted, not reappeared', async () => {
    const world = createWorld();
    await setUp(world, [{ id: 'C-03', category: 'crm-note', location: 'crm:3', ended: ENDED_LONG_AGO }]);
    expectOk(await world.run(APPLY));
    expect(crmIds(world)).toEqual([]);
    const db = new Database(world.crmDb);
    db.prepare("INSERT INTO notes (id, body) VALUES ('3', 'a new client')").run();
    db.close();

    const result = await world.run(APPLY);
    expect(result.stderr).toContain('a different item is now at the location of deleted record C-03');
    expect(crmIds(world)).toEqual(['3']);
    expect(entriesFor(auditLog(world), 'C-03').map((e) => e.action)).toEqual(['intent', 'deleted']);
  });
});

describe('the read-only look-up for restored records, when a target cannot be looked in', () => {
  it('plan and explain warn that a locked SQLite target was not looked in, rather than skip it silently', async () => {
    const world = createWorld();
    await setUp(world, [{ id: 'C-1', category: 'crm-note', location: 'crm:c-1', ended: ENDED_LONG_AGO }]);
    expectOk(await world.run(APPLY));
    const holder = new Database(world.crmDb);
    holder.exec('BEGIN EXCLUSIVE'); // no reader gets in until it ends
    try {
      for (const args of [
        ['plan', '--as-of', AS_OF],
        ['explain', 'C-1', '--as-of', AS_OF],
      ]) {
        const result = await world.run(args);
        expect(result.stderr, args[0]).toMatch(/warning: cannot look in target "crm" for deleted records put back \(database is locked/);
        expect(result.code, args[0]).toBe(0);
      }
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe('cron: quiet unless something is wrong', () => {
  it('a run with a failure prints a summary on stderr only and exits 1; the rest is done', async () => {
    const world = createWorld();
    fs.writeFileSync(path.join(world.outside, 'outside.txt'), 'not ours');
    await setUp(world, [
      { id: 'F-GOOD', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
      { id: 'F-BAD', category: 'casenote', location: 'casefiles:../outside/outside.txt', ended: ENDED_LONG_AGO },
    ]);
    const result = await world.run(APPLY);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/1 deleted, 0 already absent, 1 failed/);
    expect(result.stderr).toContain('failed F-BAD');
    expect(fileExists(world, 'a/one.txt')).toBe(false);
    expect(fs.existsSync(path.join(world.outside, 'outside.txt'))).toBe(true);
  });
});
