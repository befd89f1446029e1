/**
 * Erasure requests end to end (UK GDPR art. 17, DESIGN §4.5): a request makes a subject's
 * consent-based records due at once and they are deleted (unattended when the rule is automatic,
 * through an approved plan otherwise); records kept under another basis stay, and the plan names
 * the exemption; the response deadline is one calendar month, clamped at month ends; a request
 * whose erasable records are all gone gets exactly one `erasure-completed` entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AS_OF,
  ERASURE_POLICY,
  auditLog,
  createWorld,
  crmIds,
  expectChainVerifies,
  expectOk,
  fileExists,
  setUp,
  type Row,
  type World,
} from './world.js';

const AT = ['--as-of', AS_OF];
const APPLY = ['apply', '--yes', ...AT];

/** S-CONSENT's records are erasable on request; S-KEPT's are kept by a contract and by law. */
const ROWS: Row[] = [
  { id: 'E-PHOTO', subject: 'S-CONSENT', category: 'photo', location: 'casefiles:s-consent/photo.jpg' },
  { id: 'E-STORY', subject: 'S-CONSENT', category: 'story', location: 'crm:story-1' },
  { id: 'K-CASE', subject: 'S-KEPT', category: 'casenote', location: 'casefiles:s-kept/case.txt' },
  { id: 'K-SAFE', subject: 'S-KEPT', category: 'safeguarding', location: 'crm:safe-1' },
];

interface ErasureRequestJson {
  subject: string;
  requested: string;
  deadline: string;
  due: string[];
  dueByRule: string[];
  kept: { id: string; status: string; exemption: string }[];
}

interface PlanJson {
  summary: { erasureRequests: ErasureRequestJson[] };
  decisions: { id: string; status: string; reason: string }[];
}

async function planJson(w: World, args: string[] = AT): Promise<PlanJson> {
  return JSON.parse(expectOk(await w.run(['plan', '--format', 'json', ...args])).stdout) as PlanJson;
}

const completions = (w: World) => auditLog(w).filter((e) => e.action === 'erasure-completed');

describe('an erasure request', () => {
  let w: World;
  let plan: PlanJson;

  beforeAll(async () => {
    w = createWorld({ policy: ERASURE_POLICY });
    await setUp(w, ROWS);
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-CONSENT', '--date', '2026-06-15', '--by', 'Dee Pio']));
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-KEPT', '--date', '2026-06-20', '--by', 'Dee Pio']));
    plan = await planJson(w);
  });

  it('makes consent-based records due at once; the plan lists the request with its deadline', async () => {
    const status = new Map(plan.decisions.map((d) => [d.id, d.status]));
    expect(status.get('E-PHOTO')).toBe('due');
    expect(status.get('E-STORY')).toBe('due');
    expect(plan.summary.erasureRequests.find((r) => r.subject === 'S-CONSENT')).toEqual({
      subject: 'S-CONSENT',
      requested: '2026-06-15',
      deadline: '2026-07-15',
      due: ['E-PHOTO', 'E-STORY'],
      dueByRule: [],
      kept: [],
      notErased: [],
    });
  });

  it('keeps contract and legal-obligation records, naming the exemption', async () => {
    const request = plan.summary.erasureRequests.find((r) => r.subject === 'S-KEPT');
    expect(request).toMatchObject({ requested: '2026-06-20', deadline: '2026-07-20', due: [] });
    expect(request?.kept.map((k) => k.id)).toEqual(['K-CASE', 'K-SAFE']);
    for (const kept of request?.kept ?? []) expect(kept.exemption, kept.id).toContain('art. 17');
    expect(request?.kept.find((k) => k.id === 'K-SAFE')?.exemption).toMatch(/^legal obligation/);
    expect(request?.kept.find((k) => k.id === 'K-CASE')?.exemption).toMatch(/^contract/);
    for (const id of ['K-CASE', 'K-SAFE']) {
      const decision = plan.decisions.find((d) => d.id === id);
      expect(decision?.status, id).not.toBe('due');
      expect(decision?.reason, id).toContain('erasure requested 2026-06-20 but kept');
    }
  });

  it('is carried out (automatic at once, the rest once approved) and completed by exactly one log entry', async () => {
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 's-consent/photo.jpg')).toBe(false);
    expect(crmIds(w)).toContain('story-1'); // `stories` needs a person's approval
    expect(completions(w)).toEqual([]);

    const file = path.join(w.dir, 'erasure-plan.json');
    expect((await w.run(['plan', '--format', 'json', ...AT, '--out', file])).code).toBe(0);
    expect((await w.run(['approve', file, '--by', 'Dee Pio'])).code).toBe(0);
    expectOk(await w.run(APPLY));
    expect(crmIds(w)).toEqual(['safe-1']);
    expect(fileExists(w, 's-kept/case.txt')).toBe(true);
    expect(completions(w)).toEqual([
      expect.objectContaining({
        subject: 'S-CONSENT',
        detail: expect.objectContaining({ requested: '2026-06-15', deadline: '2026-07-15' }),
      }),
    ]);

    expectOk(await w.run(APPLY));
    expect(completions(w)).toHaveLength(1);
    // Nothing of S-KEPT's was erasable: no completion is claimed for it.
    expect(completions(w).some((e) => e.subject === 'S-KEPT')).toBe(false);
    await expectChainVerifies(auditLog(w));
  });
});

describe('an erasure request whose last erasable record is on paper', () => {
  it('is completed when a person confirms destroying it, once', async () => {
    const w = createWorld({ policy: ERASURE_POLICY });
    await setUp(w, [
      { id: 'E-PHOTO', subject: 'S-PAPER', category: 'photo', location: 'casefiles:s-paper/photo.jpg' },
      { id: 'E-FORM', subject: 'S-PAPER', category: 'consent-form', location: 'paper:box-2/form-1' },
    ]);
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-PAPER', '--date', '2026-06-15', '--by', 'Dee Pio']));
    expect((await w.run(APPLY)).code).toBe(0); // lists E-FORM on the destruction worklist
    expectOk(await w.run(APPLY));
    expect(fileExists(w, 's-paper/photo.jpg')).toBe(false);
    expect(completions(w)).toEqual([]); // the form still exists

    expectOk(await w.run(['confirm', 'E-FORM', '--by', 'A. Clerk', '--method', 'cross-cut shredder', ...AT]));
    expect(completions(w)).toEqual([
      expect.objectContaining({
        subject: 'S-PAPER',
        actor: 'A. Clerk',
        detail: { requested: '2026-06-15', deadline: '2026-07-15', deleted: 2, kept: 0, stillDue: 0 },
      }),
    ]);
    expectOk(await w.run(APPLY));
    expect(completions(w)).toHaveLength(1);
    await expectChainVerifies(auditLog(w));
  });
});

describe('the response deadline: one calendar month, clamped to the month end', () => {
  it('31 January → 28 February, and 29 February in a leap year', async () => {
    const w = createWorld({ policy: ERASURE_POLICY });
    const inventory = path.join(w.dir, 'month-ends.csv');
    const row = (id: string, requested: string) => ({
      id,
      subject: `S-${id}`,
      category: 'photo',
      created: '2020-01-01',
      location: `casefiles:${id}.jpg`,
      erasure_requested: requested,
    });
    fs.writeFileSync(inventory, stringify([row('JAN-2026', '2026-01-31'), row('JAN-2028', '2028-01-31')], { header: true }));

    const { summary } = await planJson(w, ['--inventory', inventory, '--as-of', '2028-02-01']);
    const deadlines = Object.fromEntries(summary.erasureRequests.map((r) => [r.subject, r.deadline]));
    expect(deadlines).toEqual({ 'S-JAN-2026': '2026-02-28', 'S-JAN-2028': '2028-02-29' });
  });
});

describe("what an erasure request's report and completion say of each record (finding B5)", () => {
  it('"kept" lists only records not due; a record due under its own rule that night is neither kept nor forgotten', async () => {
    const w = createWorld({ policy: ERASURE_POLICY });
    await setUp(w, [
      { id: 'M-PHOTO', subject: 'S-MIX', category: 'photo', location: 'casefiles:s-mix/photo.jpg' },
      { id: 'M-CASE', subject: 'S-MIX', category: 'casenote', location: 'casefiles:s-mix/case.txt', ended: '2024-01-15' },
      { id: 'M-SAFE', subject: 'S-MIX', category: 'safeguarding', location: 'crm:safe-9', ended: '2024-01-15' },
    ]);
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-MIX', '--date', '2026-06-15', '--by', 'Dee Pio']));
    const request = (await planJson(w)).summary.erasureRequests.find((r) => r.subject === 'S-MIX');
    expect(request).toMatchObject({ due: ['M-PHOTO'], dueByRule: ['M-CASE'] });
    expect(request?.kept.map((k) => k.id)).toEqual(['M-SAFE']);
    const table = expectOk(await w.run(['plan', ...AT])).stdout;
    expect(table).toMatch(/M-PHOTO, M-CASE \(due under/);
    expect(table).not.toMatch(/M-CASE: contract/);

    expectOk(await w.run(APPLY));
    expect(fileExists(w, 's-mix/case.txt')).toBe(false);
    expect(completions(w).map((e) => e.detail)).toEqual([
      { requested: '2026-06-15', deadline: '2026-07-15', deleted: 2, kept: 1, stillDue: 0 },
    ]);
  });
});
