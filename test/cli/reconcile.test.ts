/**
 * Reconciliation (issue 12): an import that no longer lists a record says so, the plan lists it
 * in a section of its own (table, JSON, HTML) and leaves it undecided, apply never deletes it,
 * and `inventory forget` closes it for good with an audited entry.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  auditLog,
  createWorld,
  ENDED_LONG_AGO,
  ERASURE_POLICY,
  entriesFor,
  expectChainVerifies,
  expectOk,
  expectRefused,
  fileExists,
  setUp,
  writeInventory,
  type Row,
} from './world.js';

const ROWS: readonly Row[] = [
  { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
  { id: 'F-2', category: 'casenote', location: 'casefiles:a/two.txt', ended: ENDED_LONG_AGO },
  { id: 'F-3', category: 'casenote', location: 'casefiles:a/three.txt' },
];

describe('records an import no longer lists', () => {
  it('are counted by the import, listed by plan until forgotten, and never deleted', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    const imported = await w.run(['inventory', 'import', writeInventory(w, ROWS.slice(2), 'second.csv')]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/2 records no longer listed — not deleted by retention; were they deleted elsewhere\?/);

    const table = expectOk(await w.run(['plan', '--as-of', AS_OF])).stdout;
    expect(table).toMatch(/No longer listed: 2 records/);
    expect(table).toMatch(/F-1 \(casenote; no longer listed since \d{4}-\d\d-\d\d\)/);
    const json = JSON.parse(expectOk(await w.run(['plan', '--format', 'json', '--as-of', AS_OF])).stdout) as {
      summary: { noLongerListed: { id: string }[] };
      decisions: { id: string }[];
    };
    expect(json.summary.noLongerListed.map((r) => r.id)).toEqual(['F-1', 'F-2']);
    expect(json.decisions.map((d) => d.id)).toEqual(['F-3']);
    const report = expectOk(await w.run(['plan', '--format', 'html', '--as-of', AS_OF])).stdout;
    expect(report).toMatch(/id="no-longer-listed"[\s\S]*<code>F-1<\/code>[\s\S]*<code>F-2<\/code>/);

    // Due by the policy, but in doubt: apply leaves both alone.
    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    expect(fileExists(w, 'a/one.txt') && fileExists(w, 'a/two.txt')).toBe(true);
    expect(auditLog(w).filter((e) => e.action === 'intent')).toEqual([]);

    expectRefused(await w.run(['inventory', 'forget', 'F-1', '--reason', 'gone']), 'usage.missing-value');
    // A record the inventory still lists is still decided and deleted by retention: not to be forgotten.
    const listed = expectRefused(
      await w.run(['inventory', 'forget', 'F-3', '--by', 'Dee Pio', '--reason', 'gone']),
      'record.forget-refused',
    );
    expect(listed.stderr).toMatch(/F-3 is still listed by the latest import/);
    const forgot = expectOk(await w.run(['inventory', 'forget', 'F-1', '--by', 'Dee Pio', '--reason', 'deleted by hand in 2025']));
    expect(forgot.stdout).toMatch(/^forgot F-1 \(no longer listed since /);
    expectRefused(await w.run(['inventory', 'forget', 'F-1', '--by', 'Dee Pio', '--reason', 'again']), 'record.already-forgotten');
    expect(expectOk(await w.run(['explain', 'F-1'])).stdout).toMatch(/FORGOTTEN on \S+ by Dee Pio \(inventory forget\)/);

    const after = JSON.parse(expectOk(await w.run(['plan', '--format', 'json', '--as-of', AS_OF])).stdout) as {
      summary: { noLongerListed: { id: string }[] };
    };
    expect(after.summary.noLongerListed.map((r) => r.id)).toEqual(['F-2']);

    // Listed again: a forgotten record stays closed and is never deleted; the other is decided again.
    const third = await w.run(['inventory', 'import', writeInventory(w, ROWS, 'third.csv')]);
    expect(third.stderr).toMatch(/1 listed again after being forgotten/);
    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    expect(fileExists(w, 'a/one.txt')).toBe(true);
    const log = auditLog(w);
    expect(entriesFor(log, 'F-1').map((e) => e.action)).toEqual(['forget']);
    expect(entriesFor(log, 'F-1', 'forget')[0]).toMatchObject({ actor: 'Dee Pio', category: 'casenote' });
    expect(JSON.stringify(log)).not.toContain('by hand');
    await expectChainVerifies(log);
  });
});

describe('an erasure request over a record no longer listed', () => {
  it('is not logged as completed while that record is unexplained', async () => {
    const w = createWorld({ policy: ERASURE_POLICY });
    const rows: Row[] = [
      { id: 'E-PHOTO', subject: 'S-CONSENT', category: 'photo', location: 'casefiles:s-consent/photo.jpg' },
      { id: 'E-PHOTO2', subject: 'S-CONSENT', category: 'photo', location: 'casefiles:s-consent/photo2.jpg' },
    ];
    await setUp(w, rows);
    expect((await w.run(['inventory', 'import', writeInventory(w, rows.slice(0, 1), 'second.csv'), '--quiet'])).code).toBe(0);
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-CONSENT', '--date', '2026-06-01', '--by', 'Dee Pio']));
    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    expect(fileExists(w, 's-consent/photo.jpg')).toBe(false);
    expect(fileExists(w, 's-consent/photo2.jpg')).toBe(true);
    expect(auditLog(w).filter((e) => e.action === 'erasure-completed')).toEqual([]);
  });
});

describe('an erasure request over a record forgotten', () => {
  it('stays open, showing the record as not erased (forgotten, by whom), in JSON, table and HTML; never logged completed', async () => {
    const w = createWorld({ policy: ERASURE_POLICY });
    const rows: Row[] = [
      { id: 'E-PHOTO', subject: 'S-CONSENT', category: 'photo', location: 'casefiles:s-consent/photo.jpg' },
      { id: 'E-PHOTO2', subject: 'S-CONSENT', category: 'photo', location: 'casefiles:s-consent/photo2.jpg' },
    ];
    await setUp(w, rows);
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-CONSENT', '--date', '2026-06-01', '--by', 'Dee Pio']));
    expect((await w.run(['inventory', 'import', writeInventory(w, rows.slice(0, 1), 'second.csv'), '--quiet'])).code).toBe(0);
    expectOk(await w.run(['inventory', 'forget', 'E-PHOTO2', '--by', 'Dee Pio', '--reason', 'shredded by the old provider']));
    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    expect(auditLog(w).filter((e) => e.action === 'erasure-completed')).toEqual([]);

    const json = JSON.parse(expectOk(await w.run(['plan', '--format', 'json', '--as-of', AS_OF])).stdout) as {
      summary: { erasureRequests: { subject: string; notErased: { id: string; why: string }[] }[] };
    };
    expect(json.summary.erasureRequests).toMatchObject([
      {
        subject: 'S-CONSENT',
        notErased: [{ id: 'E-PHOTO2', why: expect.stringMatching(/^not erased — forgotten on \d{4}-\d\d-\d\d by Dee Pio$/) }],
      },
    ]);
    const table = expectOk(await w.run(['plan', '--as-of', AS_OF])).stdout;
    // The cell wraps at the table's width.
    expect(table).toMatch(/not proven erased[\s\S]*E-PHOTO2: not erased —[\s\S]*forgotten on \S+[\s\S]*by Dee Pio/);
    const report = expectOk(await w.run(['plan', '--format', 'html', '--as-of', AS_OF])).stdout;
    expect(report).toMatch(/Not proven erased[\s\S]*<code>E-PHOTO2<\/code> — not erased — forgotten on \S+ by Dee Pio/);
  });
});

describe('an import of one target (a query, a scan)', () => {
  it('leaves the records of other targets listed, and reconciles only its own', async () => {
    const w = createWorld();
    await setUp(w, [
      { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt' },
      { id: 'N-1', category: 'crm-note', location: 'crm:N-1' },
      { id: 'N-2', category: 'crm-note', location: 'crm:N-2' },
    ]);
    const db = new Database(w.crmDb);
    db.exec(
      "CREATE TABLE cases (note TEXT, client TEXT, kind TEXT, opened TEXT); INSERT INTO cases VALUES ('N-1', 'S-N-1', 'crm-note', '2020-01-01')",
    );
    db.close();
    const query = "SELECT note AS id, client AS subject, kind AS category, opened AS created, 'crm:' || note AS location FROM cases";
    const result = await w.run(['inventory', 'import', '--from', 'crm', '--query', query]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\n1 record no longer listed/);
    const plan = JSON.parse(expectOk(await w.run(['plan', '--format', 'json', '--as-of', AS_OF])).stdout) as {
      summary: { noLongerListed: { id: string }[] };
    };
    expect(plan.summary.noLongerListed.map((r) => r.id)).toEqual(['N-2']);
  });
});
