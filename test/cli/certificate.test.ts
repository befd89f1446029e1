/**
 * `retention audit certificate --run RUN` end to end: an auditor's record of what one run
 * destroyed. Every line must be checkable against the audit log itself (record, rule, seq and
 * hash, read here from `audit export`) and against the chain head (`audit head`); a paper record
 * destroyed by a person later is certified with the run that put it on the worklist.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit-entry.js';
import { AS_OF, ENDED_LONG_AGO, createWorld, crmIds, expectOk, expectRefused, fileExists, setUp, type Row, type World } from './world.js';
import { A4_PRINTABLE_WIDTH, horizontalOverflow, launchChromium, openPage, wordsBrokenMidWord } from './browser.js';

const AT = ['--as-of', AS_OF];
/** Free text that may name people: shown on the certificate, never in the hash-chained log. */
const NOTE = 'Board 12 Nov, minute 7 (Mrs Example objected)';
const APPLY = ['apply', '--yes', ...AT];

const ROWS: Row[] = [
  { id: 'F-1', category: 'casenote', location: 'casefiles:client-1/notes.txt', ended: ENDED_LONG_AGO },
  // Made due after the plan was saved: deleted as automatic, not through the plan.
  { id: 'F-2', category: 'casenote', location: 'casefiles:client-2/notes.txt' },
  { id: 'C-1', category: 'crm-note', location: 'crm:c-1', ended: ENDED_LONG_AGO },
  { id: 'A-1', category: 'care-plan', location: 'casefiles:client-1/plan.txt', ended: ENDED_LONG_AGO },
  { id: 'P-1', category: 'paper-form', location: 'paper:box-3/folder-1', ended: ENDED_LONG_AGO },
  // Paper under a rule that needs approval: destroyed by hand under the approved plan.
  { id: 'P-2', category: 'care-plan', location: 'paper:box-4/folder-2', ended: ENDED_LONG_AGO },
  { id: 'F-LATER', category: 'casenote', location: 'casefiles:client-9/notes.txt' },
];

/** The columns the certificate CSV promises; each row stands alone. */
interface CertificateRow {
  run: string;
  record: string;
  category: string;
  rule: string;
  approval: string;
  approval_note: string;
  destroyed_at: string;
  destroyed_by: string;
  method: string;
  audit_seq: string;
  audit_hash: string;
  chain_head_seq: string;
  chain_head_hash: string;
  chain_verified: string;
}

describe('a destruction certificate for one run', () => {
  let w: World;
  let firstRun: string;
  let log: AuditEntry[];
  let head: { seq: number; hash: string };
  let rows: CertificateRow[];

  beforeAll(async () => {
    w = createWorld();
    await setUp(w, ROWS);
    const plan = path.join(w.dir, 'p.json');
    expect((await w.run(['plan', '--format', 'json', ...AT, '--out', plan])).code).toBe(0);
    expect((await w.run(['approve', plan, '--by', 'Dee Pio', '--note', NOTE])).code).toBe(0);
    expectOk(await w.run(['event', 'add', 'ended', '--record', 'F-2', '--date', ENDED_LONG_AGO, '--by', 'Dee Pio']));
    expect((await w.run(APPLY)).code).toBe(0); // the first run: files, a CRM row, an approved care plan, and P-1 onto the worklist
    expectOk(await w.run(['event', 'add', 'ended', '--record', 'F-LATER', '--date', ENDED_LONG_AGO, '--by', 'Dee Pio']));
    expectOk(await w.run(APPLY)); // a second run, which must not appear on the first run's certificate
    expectOk(await w.run(['confirm', 'P-1', '--by', 'A. Clerk', '--method', 'cross-cut shredder', ...AT]));
    expectOk(await w.run(['confirm', 'P-2', '--by', 'A. Clerk', '--method', 'cross-cut shredder', ...AT]));

    log = expectOk(await w.run(['audit', 'export', '--format', 'jsonl']))
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
    firstRun = log.find((e) => e.action === 'run-start')!.run!;
    const [seq, hash] = expectOk(await w.run(['audit', 'head']))
      .stdout.trim()
      .split(/\s+/);
    head = { seq: Number(seq), hash: hash! };
    rows = parse<CertificateRow>(expectOk(await w.run(['audit', 'certificate', '--run', firstRun, '--format', 'csv'])).stdout, {
      columns: true,
    });
  });

  it('the outside world agrees: the first run destroyed these files and this row', async () => {
    for (const ref of ['client-1/notes.txt', 'client-2/notes.txt', 'client-1/plan.txt']) expect(fileExists(w, ref), ref).toBe(false);
    expect(crmIds(w)).toEqual([]);
  });

  it('has exactly one row per `deleted` or `confirm` entry of the run, matching the log', async () => {
    const certified = log.filter((e) => e.run === firstRun && (e.action === 'deleted' || e.action === 'confirm'));
    expect(certified.map((e) => e.record).sort()).toEqual(['A-1', 'C-1', 'F-1', 'F-2', 'P-1', 'P-2']);
    expect(rows).toHaveLength(certified.length);
    for (const entry of certified) {
      const row = rows.find((r) => r.record === entry.record);
      expect(row, entry.record ?? '').toMatchObject({
        run: firstRun,
        rule: entry.rule,
        audit_seq: String(entry.seq),
        audit_hash: entry.hash,
      });
    }
    expect(rows.some((r) => r.record === 'F-LATER')).toBe(false);
  });

  it('names the chain head, the approval of a planned record and the method of a manual one', async () => {
    for (const row of rows) expect(row).toMatchObject({ chain_head_seq: String(head.seq), chain_head_hash: head.hash });
    const approve = log.find((e) => e.action === 'approve');
    expect(rows.find((r) => r.record === 'A-1')?.approval).toContain(`plan ${approve?.detail?.plan as string} approved by Dee Pio`);
    expect(rows.find((r) => r.record === 'F-2')?.approval).toBe('automatic');
    expect(rows.find((r) => r.record === 'P-1')).toMatchObject({
      destroyed_by: 'A. Clerk',
      method: expect.stringContaining('cross-cut shredder'),
    });
  });

  it('certifies paper destroyed by hand under an approved plan with that plan, its approver and note', async () => {
    const approve = log.find((e) => e.action === 'approve');
    expect(rows.find((r) => r.record === 'P-2')).toMatchObject({
      approval: expect.stringContaining(`plan ${approve?.detail?.plan as string} approved by Dee Pio`),
      approval_note: NOTE,
      destroyed_by: 'A. Clerk',
    });
    const page = expectOk(await w.run(['audit', 'certificate', '--run', firstRun, '--format', 'html'])).stdout;
    const p2 = page.slice(page.indexOf('<code>P-2</code>'));
    expect(p2.slice(0, p2.indexOf('</tbody>'))).toContain('approved by Dee Pio');
  });

  it('as HTML, lists every record and the head hash', async () => {
    const page = expectOk(await w.run(['audit', 'certificate', '--run', firstRun, '--format', 'html'])).stdout;
    for (const id of ['A-1', 'C-1', 'F-1', 'F-2', 'P-1', 'P-2']) expect(page, id).toContain(`<code>${id}</code>`);
    expect(page).not.toContain('F-LATER');
    expect(page).toContain(head.hash);
  });

  it("shows each planned deletion's approval note, which never enters the audit log", async () => {
    expect(rows.find((r) => r.record === 'A-1')?.approval_note).toBe(NOTE);
    expect(rows.find((r) => r.record === 'F-2')?.approval_note).toBe('');
    const page = expectOk(await w.run(['audit', 'certificate', '--run', firstRun, '--format', 'html'])).stdout;
    expect(page).toContain('Board 12 Nov, minute 7');
    expect(expectOk(await w.run(['audit', 'export', '--format', 'jsonl'])).stdout).not.toContain('Board 12 Nov');
  });

  it('on a tampered store, warns on stderr and exits 1 in both formats, and the CSV rows say so', async () => {
    expect(rows.every((r) => r.chain_verified === 'true')).toBe(true);
    const copy = path.join(w.dir, 'tampered.db');
    const sql = new Database(w.store, { readonly: true });
    await sql.backup(copy);
    sql.close();
    const forger = new Database(copy);
    forger.exec('DROP TRIGGER audit_no_update');
    forger.prepare("UPDATE audit SET actor = 'Someone Else' WHERE seq = ?").run(log.find((e) => e.action === 'deleted')!.seq);
    forger.close();
    for (const format of ['csv', 'html']) {
      const result = await w.run(['audit', 'certificate', '--run', firstRun, '--format', format, '--db', copy]);
      expect(result.code, format).toBe(1);
      expect(result.stderr, format).toMatch(/chain did NOT verify/);
      if (format === 'csv') expect(parse<CertificateRow>(result.stdout, { columns: true }).map((r) => r.chain_verified)).toContain('false');
      else expect(result.stdout).toContain('did NOT verify');
    }
  });

  it('refuses a run that is not in the log', async () => {
    expectRefused(await w.run(['audit', 'certificate', '--run', 'run-20990101T000000Z-000000', '--format', 'csv']), 'run.not-found');
  });
});

describe('a destruction certificate in a browser fits the screen and an A4 page', () => {
  let browser: Browser;
  let w: World;
  let file: string;
  let hashes: string[];
  let planHash: string;

  beforeAll(async () => {
    browser = await launchChromium();
    w = createWorld({ editablePolicy: true });
    // Words a squeezed column would cut in two: a long rule id, a person's name.
    writeFileSync(w.policy, readFileSync(w.policy, 'utf8').replace('id: closed-cases', 'id: safeguarding'));
    // Long ids, categories and reasons are what push a column off the page.
    await setUp(w, [
      {
        id: 'CLIENT-000017-CASE-FILE-2019-SUPPORT-PLAN',
        category: 'casenote',
        location: 'casefiles:client-17/support-plan-2019.txt',
        ended: ENDED_LONG_AGO,
      },
      { id: 'C-1', category: 'crm-note', location: 'crm:c-1', ended: ENDED_LONG_AGO },
      { id: 'A-1', category: 'care-plan', location: 'casefiles:client-1/plan.txt', ended: ENDED_LONG_AGO },
      { id: 'P-1', category: 'paper-form', location: 'paper:box-3/folder-1', ended: ENDED_LONG_AGO },
    ]);
    const plan = path.join(w.dir, 'p.json');
    expect((await w.run(['plan', '--format', 'json', ...AT, '--out', plan])).code).toBe(0);
    expect((await w.run(['approve', plan, '--by', 'Dee Pio', '--note', NOTE])).code).toBe(0);
    expect((await w.run(APPLY)).code).toBe(0);
    expectOk(await w.run(['confirm', 'P-1', '--by', 'A. Clerk', '--method', 'cross-cut shredder', ...AT]));
    const log = expectOk(await w.run(['audit', 'export', '--format', 'jsonl']))
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry);
    const run = log.find((e) => e.action === 'run-start')!.run!;
    const approval = log.find((e) => e.action === 'approve');
    planHash = approval?.detail?.plan as string;
    hashes = [...log.filter((e) => e.run === run && e.action === 'deleted').map((e) => e.hash), log.at(-1)!.hash, planHash];
    file = path.join(w.dir, 'certificate.html');
    // The page as the built command line prints it: this end-to-end test spawns the binary.
    writeFileSync(file, expectOk(w.spawn(['audit', 'certificate', '--run', run, '--format', 'html'])).stdout);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('at 1024 px wide, nothing is cut off, and every hash can be copied whole', async () => {
    const { page, seen } = await openPage(browser, file, 1024);
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(hashes).toHaveLength(5);
    for (const hash of hashes) expect(await page.locator('code.digest', { hasText: hash }).count(), hash).toBeGreaterThan(0);
    await expect(page.locator('body').innerText()).resolves.toContain(NOTE);
    expect(seen).toEqual({ blocked: [], errors: [], dialogs: 0 });
    await expect(rowText(page, 'A-1')).resolves.toContain(planHash);
    expect(await wordsBrokenMidWord(page)).toEqual([]);
    await page.close();
  });

  it('printed, it fits the width of an A4 page', async () => {
    const { page } = await openPage(browser, file, A4_PRINTABLE_WIDTH);
    await page.emulateMedia({ media: 'print' });
    expect(await horizontalOverflow(page)).toEqual([]);
    await expect(rowText(page, 'A-1')).resolves.toContain(planHash);
    expect(await wordsBrokenMidWord(page)).toEqual([]);
    const pdf = path.join(w.dir, 'certificate.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    await page.close();
  });
});

/** The text a reader sees in a record's rows of the certificate (its facts and its proof line). */
async function rowText(page: Page, record: string): Promise<string> {
  return page.locator('table.certificate tbody', { has: page.locator('code', { hasText: record }) }).innerText();
}
