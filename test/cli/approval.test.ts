/**
 * Disposition review end to end (DESIGN §3 `approval`, §6): records under an `approval: required`
 * rule survive every unattended `apply --yes` until a named person approves a saved plan; the
 * approval is given to the plan file's exact bytes, and any plan that is edited, unapproved,
 * expired, made under another policy version or from another store is refused whole (exit 2)
 * with nothing touched. Every test looks at the files and the CRM rows themselves.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AS_OF,
  ENDED_LONG_AGO,
  auditLog,
  createWorld,
  crmIds,
  entriesFor,
  expectChainVerifies,
  expectOk,
  expectRefused,
  fileExists,
  insertApproval,
  setUp,
  sha256OfFile,
  targetState,
  type Row,
  type World,
  writeInventory,
} from './world.js';
import { errorCodes } from './error-codes.js';
import type { RunResult } from './run-in-process.js';
import { openStore } from '../../src/store/index.js';
import { serialisePlan, type PlanFile } from '../../src/saved-plans/plan-file.js';

const AT = ['--as-of', AS_OF];
const APPLY = ['apply', '--yes', ...AT];

/** Two care plans that need a person's approval (a file and a CRM row), and a case note that does not. */
const ROWS: Row[] = [
  { id: 'A-FILE', category: 'care-plan', location: 'casefiles:client-1/plan.txt', ended: ENDED_LONG_AGO },
  { id: 'A-ROW', category: 'care-plan', location: 'crm:plan-2', ended: ENDED_LONG_AGO },
  { id: 'N-LATER', category: 'casenote', location: 'casefiles:client-3/notes.txt' },
];

async function world(options: Parameters<typeof createWorld>[0] = {}): Promise<World> {
  const w = createWorld(options);
  await setUp(w, ROWS);
  return w;
}

/** `plan --out FILE` from the store; returns the file's path. */
async function savePlan(w: World, name: string, extra: string[] = [], now?: () => Date): Promise<string> {
  const file = path.join(w.dir, name);
  const result = await w.run(['plan', '--format', 'json', ...AT, '--out', file, ...extra], { now });
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(`saved plan ${file}`);
  return file;
}

const approve = (w: World, file: string, extra: string[] = []) => w.run(['approve', file, '--by', 'Dee Pio', ...extra]);

/** `approve` succeeds and says so on stderr (stdout stays for machine-readable output). */
async function approveOk(w: World, file: string): Promise<void> {
  const result = await approve(w, file);
  expect(result.stderr).toMatch(/^approved .* by Dee Pio/);
  expect(result.code).toBe(0);
}

/** The deletion journal: intents and their outcomes, optionally for one record. */
const journaled = (w: World, record?: string) =>
  auditLog(w).filter((e) => ['intent', 'deleted', 'failed'].includes(e.action) && (record === undefined || e.record === record));

describe('approval: required — deleted only through a plan a named person approved', () => {
  it('survives unattended runs; approve + apply --yes deletes it, the log naming the plan and who approved', async () => {
    const w = await world();
    expectOk(await w.run(APPLY));
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/plan.txt')).toBe(true);
    expect(crmIds(w)).toEqual(['plan-2']);
    expect(journaled(w)).toEqual([]);
    const runEnds = auditLog(w).filter((e) => e.action === 'run-end');
    expect(runEnds.map((e) => e.detail?.summary)).toEqual([
      expect.objectContaining({ awaitingApproval: 2 }),
      expect.objectContaining({ awaitingApproval: 2 }),
    ]);

    const plan = await savePlan(w, 'p.json');
    const sha = sha256OfFile(plan);
    await approveOk(w, plan);
    const approval = auditLog(w).filter((e) => e.action === 'approve');
    expect(approval).toHaveLength(1);
    expect(approval[0]).toMatchObject({ actor: 'Dee Pio', detail: { plan: sha } });

    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/plan.txt')).toBe(false);
    expect(crmIds(w)).toEqual([]);
    const log = auditLog(w);
    for (const id of ['A-FILE', 'A-ROW']) {
      expect(entriesFor(log, id, 'deleted'), id).toEqual([
        expect.objectContaining({ rule: 'care-plans', detail: expect.objectContaining({ plan: sha }) }),
      ]);
    }
    await expectChainVerifies(log);
  });

  it('`apply PLAN.json` carries out that one plan: an automatic record due since is left for the nightly run', async () => {
    const w = await world();
    // Named as a person types it: relative to the folder the commands run in.
    const plan = 'p.json';
    expect(await w.run(['plan', '--format', 'json', ...AT, '--out', plan])).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('saved plan p.json'),
    });
    await approveOk(w, plan);
    // Due now, but after the plan was saved: not in it.
    expectOk(await w.run(['event', 'add', 'ended', '--record', 'N-LATER', '--date', ENDED_LONG_AGO, '--by', 'Dee Pio']));

    expectOk(await w.run(['apply', plan, '--yes', ...AT]));
    expect(fileExists(w, 'client-1/plan.txt')).toBe(false);
    expect(crmIds(w)).toEqual([]);
    expect(fileExists(w, 'client-3/notes.txt')).toBe(true);
    expect(journaled(w, 'N-LATER')).toEqual([]);

    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-3/notes.txt')).toBe(false);
  });
});

describe('a record found back after deletion needs a fresh approval (issue A3)', () => {
  it('the plan that approved its first deletion does not approve the second; a plan made since does', async () => {
    const w = await world();
    const first = await savePlan(w, 'p.json');
    await approveOk(w, first);
    expectOk(await w.run(APPLY));
    expect(crmIds(w)).toEqual([]);

    // A backup puts the same row back: found back, due again, still under a rule that needs approval.
    const db = new Database(w.crmDb);
    db.prepare("INSERT INTO notes (id, body) VALUES ('plan-2', 'note plan-2')").run();
    db.close();
    expectOk(await w.run(APPLY));
    expect(crmIds(w)).toEqual(['plan-2']);
    expect(entriesFor(auditLog(w), 'A-ROW').map((e) => e.action)).toEqual(['intent', 'deleted', 'reappeared']);
    expect(
      auditLog(w)
        .filter((e) => e.action === 'run-end')
        .at(-1)?.detail?.summary,
    ).toMatchObject({ awaitingApproval: 1 });

    const second = await savePlan(w, 'p2.json');
    await approveOk(w, second);
    expectOk(await w.run(APPLY));
    expect(crmIds(w)).toEqual([]);
    expect(entriesFor(auditLog(w), 'A-ROW', 'deleted').at(-1)?.detail).toMatchObject({ plan: sha256OfFile(second) });
  });
});

describe('plans that must not be carried out are refused whole (exit 2), nothing touched', () => {
  // One store with an approved plan; every refusal below must leave it exactly as it was.
  let w: World;
  let approved: string;
  let before: ReturnType<typeof targetState>;

  beforeAll(async () => {
    w = await world();
    approved = await savePlan(w, 'approved.json');
    await approveOk(w, approved);
    before = targetState(w);
  });

  /** A refused run deletes nothing and journals nothing: no intent, no outcome. */
  function expectUntouched(): void {
    expect(targetState(w)).toEqual(before);
    expect(journaled(w)).toEqual([]);
  }

  it('an edited plan file (one character of a reason changed) no longer matches its approval', async () => {
    const edited = path.join(w.dir, 'edited.json');
    const text = fs.readFileSync(approved, 'utf8');
    const changed = text.replace('kept until', 'kept untiL');
    expect(changed).not.toBe(text);
    fs.writeFileSync(edited, changed);
    expectRefused(await w.run(['apply', edited, '--yes', ...AT]), 'plan.edited', /edited\.json: refused: /);
    expectRefused(await approve(w, edited), 'plan.edited');
    expectUntouched();
  });

  it('a plan nobody approved', async () => {
    // Another validity makes sure its bytes (and SHA-256) differ from the approved plan's.
    const unapproved = await savePlan(w, 'unapproved.json', ['--valid-for', 'P11M']);
    expectRefused(await w.run(['apply', unapproved, '--yes', ...AT]), 'plan.not-approved', /unapproved\.json: refused: /);
    expectUntouched();
  });

  it('a plan past its validity, judged on the real date whatever --as-of says', async () => {
    // Made on AS_OF, as of AS_OF, valid for one day: expired long before today.
    const expiring = await savePlan(w, 'one-day.json', ['--valid-for', 'P1D'], () => new Date(`${AS_OF}T12:00:00Z`));
    expectRefused(await approve(w, expiring), 'plan.expired', /expired on 2026-07-01/);
    // approve has no --as-of that could move "today" back into the plan's validity.
    expect(await approve(w, expiring, AT)).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--as-of'") });
    expect(auditLog(w).filter((e) => e.action === 'approve')).toHaveLength(1);

    // Approved back when it was valid; an --as-of inside its validity does not revive it.
    await insertApproval(w, sha256OfFile(expiring), 'Dee Pio', '2026-06-30T12:00:00.000Z');
    expectRefused(await w.run(['apply', expiring, '--yes', ...AT]), 'plan.expired');
    expectUntouched();
  });

  it('a plan that would be past its validity the day it is saved: refused, not saved', async () => {
    const file = path.join(w.dir, 'born-expired.json');
    const result = await w.run(['plan', '--format', 'json', ...AT, '--out', file, '--valid-for', 'P1D']);
    expectRefused(
      result,
      'plan.expired',
      /born-expired\.json: refused: a plan as of 2026-06-30 is valid until 2026-07-01, which is before today/,
    );
    expect(result.stderr).not.toContain('next: retention approve');
    expect(fs.existsSync(file)).toBe(false);
    expectUntouched();
  });

  it('approving an approved plan again says so and records nothing new', async () => {
    const result = await w.run(['approve', approved, '--by', 'Someone Else', '--note', 'me too']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/approved\.json .* was already approved by Dee Pio at \d{4}-.*; nothing new was recorded/);
    const approvals = auditLog(w).filter((e) => e.action === 'approve' && e.detail?.plan === sha256OfFile(approved));
    expect(approvals.map((e) => e.actor)).toEqual(['Dee Pio']);
    expectUntouched();
  });

  it('a plan made and approved in another store, whose records are the same', async () => {
    const other = await world();
    const otherBefore = targetState(other);
    expectRefused(await approve(other, approved), 'plan.other-store');
    expectRefused(await other.run(['apply', approved, '--yes', ...AT]), 'plan.other-store');
    expectOk(await other.run(APPLY));
    expect(targetState(other)).toEqual(otherBefore);
    expect(journaled(other)).toEqual([]);
  });

  it('`plan --out` never overwrites an existing file (perhaps an approved plan)', async () => {
    const bytes = fs.readFileSync(approved);
    const result = await w.run(['plan', '--format', 'json', ...AT, '--out', approved]);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['plan.exists']);
    expect(fs.readFileSync(approved).equals(bytes)).toBe(true);
  });
});

describe('a plan belongs to one policy version', () => {
  it('a policy edited after approval (even a comment) changes its SHA-256: the plan is refused', async () => {
    const w = await world({ editablePolicy: true });
    const plan = await savePlan(w, 'p.json');
    await approveOk(w, plan);
    const before = targetState(w);
    fs.appendFileSync(w.policy, '# reviewed by the board\n');

    expectRefused(await w.run(['apply', plan, '--yes', ...AT]), 'plan.other-policy');
    expectRefused(await approve(w, plan), 'plan.other-policy');
    // The nightly run skips a plan of another policy version: its records wait for a new approval.
    expectOk(await w.run(APPLY));
    expect(targetState(w)).toEqual(before);
    expect(journaled(w)).toEqual([]);
  });
});

describe('holds are re-read when an approved plan is carried out', () => {
  it('a hold placed after approval wins; once released, the next night deletes the record', async () => {
    const w = await world();
    const plan = await savePlan(w, 'p.json');
    const sha = sha256OfFile(plan);
    await approveOk(w, plan);
    expect(
      expectOk(await w.run(['hold', 'add', '--record', 'A-FILE', '--reason', 'complaint received', '--by', 'Dee Pio'])).stdout.trim(),
    ).toBe('H-1 holds 1 record now');

    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/plan.txt')).toBe(true);
    expect(crmIds(w)).toEqual([]);
    expect(journaled(w, 'A-FILE')).toEqual([]);
    const runEnd = auditLog(w).findLast((e) => e.action === 'run-end');
    expect(runEnd?.detail).toMatchObject({ summary: { deleted: 1, notCarriedOut: 1 } });

    expectOk(await w.run(['hold', 'release', 'H-1', '--reason', 'complaint resolved', '--by', 'Dee Pio']));
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/plan.txt')).toBe(false);
    expect(entriesFor(auditLog(w), 'A-FILE', 'deleted')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ plan: sha }) }),
    ]);
  });
});

describe('an approval pins each record: its location, subject and category (review fix 1)', () => {
  /** A-FILE re-imported at another location, a file nobody ever planned or approved. */
  async function moveAFile(w: World): Promise<RunResult> {
    fs.mkdirSync(path.join(w.root, 'keep'));
    fs.writeFileSync(path.join(w.root, 'keep', 'precious.txt'), 'precious');
    const swapped = ROWS.map((r) => (r.id === 'A-FILE' ? { ...r, location: 'casefiles:keep/precious.txt' } : r));
    return w.run(['inventory', 'import', writeInventory(w, swapped, 'swap.csv'), '--quiet']);
  }

  it.each([
    ['apply --yes', (): string[] => APPLY],
    ['apply PLAN.json', (plan: string): string[] => ['apply', plan, '--yes', ...AT]],
  ])('a record moved after approval is not carried out (%s): reported, logged, nothing at either place touched', async (_, command) => {
    const w = await world();
    const plan = await savePlan(w, 'p1.json');
    await approveOk(w, plan);
    const sha = sha256OfFile(plan);

    const imported = await moveAFile(w);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe(
      `warning: ${path.join(w.dir, 'swap.csv')}: record A-FILE: location changed since plan ${sha.slice(0, 12)}… was approved: needs a new plan — apply will not carry it out\n`,
    );

    const applied = await w.run(command(plan));
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain(
      `not carried out: A-FILE: location changed since plan ${sha.slice(0, 12)}… was approved: needs a new plan`,
    );
    expect(fs.readFileSync(path.join(w.root, 'keep', 'precious.txt'), 'utf8')).toBe('precious');
    expect(fileExists(w, 'client-1/plan.txt')).toBe(true);
    expect(journaled(w, 'A-FILE')).toEqual([]);
    // The rest of the plan is carried out as approved.
    expect(crmIds(w)).toEqual([]);
    const runEnd = auditLog(w).findLast((e) => e.action === 'run-end');
    expect(runEnd?.detail).toMatchObject({ summary: { deleted: 1, changedSincePlan: 1 } });
  });

  it('a subject or category changed after approval counts as another record too', async () => {
    const w = await world();
    await approveOk(w, await savePlan(w, 'p1.json'));
    const changed = ROWS.map((r) => (r.id === 'A-ROW' ? { ...r, subject: 'S-someone-else' } : r));
    const imported = await w.run(['inventory', 'import', writeInventory(w, changed, 'changed.csv'), '--quiet']);
    expect(imported.stderr).toMatch(/record A-ROW: subject changed since plan/);
    expect((await w.run(APPLY)).stderr).toMatch(/not carried out: A-ROW: subject changed since plan/);
    expect(crmIds(w)).toEqual(['plan-2']);
    expect(fileExists(w, 'client-1/plan.txt')).toBe(false);
  });

  it('a record moved back to where it was approved is carried out; an import that changes nothing warns of nothing', async () => {
    const w = await world();
    await approveOk(w, await savePlan(w, 'p1.json'));
    await moveAFile(w);
    expectOk(await w.run(['inventory', 'import', writeInventory(w, ROWS, 'again.csv'), '--quiet']));
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 'client-1/plan.txt')).toBe(false);
    expect(fs.existsSync(path.join(w.root, 'keep', 'precious.txt'))).toBe(true);
  });

  it('a plan saved by an older version (no pins) is not carried out: a new plan is needed', async () => {
    const w = await world();
    const saved = JSON.parse(fs.readFileSync(await savePlan(w, 'new.json'), 'utf8')) as PlanFile;
    const old: PlanFile = {
      ...saved,
      createdAt: '2026-06-30T00:00:00.000Z',
      records: saved.records.map(({ locationSha256: _, ...r }) => r),
    };
    const file = path.join(w.dir, 'old.json');
    fs.writeFileSync(file, serialisePlan(old));
    const store = await openStore(w.store, { access: 'write' });
    try {
      await store.savePlan({
        sha256: sha256OfFile(file),
        asOf: old.asOf,
        policySha256: old.policy.sha256,
        validUntil: old.validUntil,
        body: old,
      });
    } finally {
      await store.close();
    }
    await approveOk(w, file);

    const applied = await w.run(['apply', file, '--yes', ...AT]);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain(
      `not carried out: A-FILE: plan ${sha256OfFile(file).slice(0, 12)}… was saved by an older version of retention that did not record where each record is: needs a new plan`,
    );
    expect(fileExists(w, 'client-1/plan.txt')).toBe(true);
    expect(crmIds(w)).toEqual(['plan-2']);
    expect(journaled(w)).toEqual([]);
  });
});
