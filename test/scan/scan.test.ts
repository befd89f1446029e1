/**
 * `inventory scan` (issue 12): a files target's tree becomes records — fields from the path,
 * a stable id, created from the modification time — written to review or imported all or
 * nothing; links are never followed and what is not a record is listed, never guessed.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scannedRecordId } from '../../src/scan/scan-records.js';
import { createWorld, expectOk, expectRefused, type World } from '../cli/world.js';

const MAP = ['--map', 'clients/{subject}/{category}/**'];

/** A file below the world's files root, with its modification time. */
function put(w: World, ref: string, mtime = new Date('2021-03-04T12:00:00Z')): void {
  const file = path.join(w.root, ref);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, ref);
  fs.utimesSync(file, mtime, mtime);
}

function readCsv(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(fs.readFileSync(file), { columns: true });
}

function storedIds(w: World): string[] {
  if (!fs.existsSync(w.store)) return [];
  const db = new Database(w.store, { readonly: true });
  try {
    return db.prepare('SELECT id FROM records ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}

function tree(): World {
  const w = createWorld();
  put(w, 'clients/C-1/casenote/visit.txt');
  // 23:30 UTC on 30 June is 1 July in Europe/London, the policy's timezone.
  put(w, 'clients/C-1/care-plan/2020/plan.pdf', new Date('2020-06-30T23:30:00Z'));
  put(w, 'clients/C-2/casenote/intake.txt');
  put(w, 'unsorted/readme.txt');
  fs.writeFileSync(path.join(w.outside, 'secret.txt'), 'outside the root');
  fs.symlinkSync(path.join(w.outside, 'secret.txt'), path.join(w.root, 'clients/C-2/casenote/link.txt'));
  fs.symlinkSync(w.outside, path.join(w.root, 'clients/C-3'));
  return w;
}

describe('inventory scan --out', () => {
  it('makes one record per matched file: fields from the path, id from target and path, created from the modification date', async () => {
    const w = tree();
    const result = expectOk(
      await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'scanned.csv', '--unmatched', 'unmatched.csv', '--quiet']),
    );
    expect(result.stdout).toBe('');
    const rows = readCsv(path.join(w.dir, 'scanned.csv')).sort((a, b) => (a.location ?? '').localeCompare(b.location ?? ''));
    expect(rows).toEqual([
      {
        id: scannedRecordId('casefiles', 'clients/C-1/care-plan/2020/plan.pdf'),
        subject: 'C-1',
        category: 'care-plan',
        created: '2020-07-01',
        location: 'casefiles:clients/C-1/care-plan/2020/plan.pdf',
      },
      {
        id: scannedRecordId('casefiles', 'clients/C-1/casenote/visit.txt'),
        subject: 'C-1',
        category: 'casenote',
        created: '2021-03-04',
        location: 'casefiles:clients/C-1/casenote/visit.txt',
      },
      {
        id: scannedRecordId('casefiles', 'clients/C-2/casenote/intake.txt'),
        subject: 'C-2',
        category: 'casenote',
        created: '2021-03-04',
        location: 'casefiles:clients/C-2/casenote/intake.txt',
      },
    ]);
    // Nothing behind a link was looked at; the links and the unmatched file are listed.
    expect(readCsv(path.join(w.dir, 'unmatched.csv')).sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''))).toEqual([
      { path: 'clients/C-2/casenote/link.txt', reason: 'symbolic-link' },
      { path: 'clients/C-3', reason: 'symbolic-link' },
      { path: 'unsorted/readme.txt', reason: 'no-match' },
    ]);
  });

  it('gives a file the same id at every scan, and says what it skipped', async () => {
    const w = tree();
    const first = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'a.jsonl']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /^casefiles: 3 records \(written to a\.jsonl\)\n {2}1 not matched by the template\n {2}2 symbolic links not followed\n/,
    );
    expectOk(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'b.jsonl', '--quiet']));
    const ids = (file: string) =>
      fs
        .readFileSync(path.join(w.dir, file), 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: string }).id)
        .sort();
    expect(ids('a.jsonl')).toEqual(ids('b.jsonl'));
    expect(ids('a.jsonl')).toHaveLength(3);
  });

  it('writes an inventory that inventory import reads back to the records --import stores', async () => {
    const w = tree();
    expectOk(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'scanned.csv', '--quiet']));
    expectOk(await w.run(['inventory', 'import', 'scanned.csv', '--quiet']));
    const viaFile = storedIds(w);
    fs.rmSync(w.store);
    expectOk(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import', '--quiet']));
    expect(storedIds(w)).toEqual(viaFile);
    expect(viaFile).toHaveLength(3);
  });

  it('never overwrites an existing file, as plan --out does not; the same file for --out and --unmatched is a usage error', async () => {
    const w = tree();
    const reviewed = path.join(w.dir, 'reviewed.csv');
    fs.writeFileSync(reviewed, 'the inventory a person reviewed\n');
    expectRefused(
      await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'reviewed.csv', '--unmatched', 'u.csv']),
      'scan.exists',
      /^reviewed\.csv already exists; an inventory is never overwritten — choose another name/,
    );
    expect(fs.readFileSync(reviewed, 'utf8')).toBe('the inventory a person reviewed\n');
    expect(fs.readdirSync(w.dir).filter((name) => name.includes('u.csv') || name.endsWith('.partial'))).toEqual([]);

    expectRefused(
      await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'x.csv', '--unmatched', './x.csv']),
      'usage.conflicting-flags',
      /--out and --unmatched name the same file/,
    );
    expect(fs.existsSync(path.join(w.dir, 'x.csv'))).toBe(false);
  });

  it('never overwrites an existing --unmatched file either, and then writes nothing', async () => {
    const w = tree();
    const list = path.join(w.dir, 'unmatched.csv');
    fs.writeFileSync(list, 'the list someone is working through\n');
    expectRefused(
      await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'new.csv', '--unmatched', 'unmatched.csv']),
      'scan.exists',
      /^unmatched\.csv already exists; a list of unmatched files is never overwritten — choose another name/,
    );
    expect(fs.readFileSync(list, 'utf8')).toBe('the list someone is working through\n');
    expect(fs.readdirSync(w.dir).filter((name) => name.includes('new.csv') || name.endsWith('.partial'))).toEqual([]);
    expectRefused(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import', '--unmatched', 'unmatched.csv']), 'scan.exists');
    expect(storedIds(w)).toEqual([]);
  });

  it('takes dates from the path where the template places them, checked as a CSV cell is', async () => {
    const w = createWorld();
    put(w, 'clients/C-1/casenote/2019-05-06/a.txt');
    expectOk(
      await w.run(['inventory', 'scan', 'casefiles', '--map', 'clients/{subject}/{category}/{ended}/*', '--out', 'out.csv', '--quiet']),
    );
    expect(readCsv(path.join(w.dir, 'out.csv'))).toEqual([
      expect.objectContaining({ category: 'casenote', created: '2021-03-04', ended: '2019-05-06' }),
    ]);
  });
});

describe('inventory scan --import', () => {
  it('is all or nothing: a bad value taken from one path imports nothing and writes no file', async () => {
    const w = createWorld();
    put(w, 'clients/C-1/casenote/2019-05-06/a.txt');
    put(w, 'clients/C-1/casenote/2023-02-30/b.txt');
    const map = ['--map', 'clients/{subject}/{category}/{ended}/*'];
    const imported = expectRefused(
      await w.run(['inventory', 'scan', 'casefiles', ...map, '--import']),
      'inventory.bad-date',
      /casefiles:clients\/C-1\/casenote\/2023-02-30\/b\.txt: ended "2023-02-30" is not a date/,
    );
    expect(imported.code).toBe(2);
    expect(storedIds(w)).toEqual([]);
    expectRefused(await w.run(['inventory', 'scan', 'casefiles', ...map, '--out', 'out.csv']), 'inventory.bad-date');
    expect(fs.readdirSync(w.dir).filter((name) => name.includes('out.csv'))).toEqual([]);
  });

  it('imports into the store with the counts of an import', async () => {
    const w = tree();
    const first = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import']);
    expect(first.stderr).toMatch(/^casefiles: 3 records \(3 new, 0 updated, 0 unchanged\)/);
    const again = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import']);
    expect(again.stderr).toMatch(/^casefiles: 3 records \(0 new, 0 updated, 3 unchanged\)/);
    expect(again.code).toBe(0);
  });
});

describe('inventory scan of a file modified on or before 1900-01-01', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('lists it (placeholder-date) and scans the rest; a sidecar gives it its date', async () => {
    const w = tree();
    put(w, 'clients/C-1/casenote/reset-clock.txt');
    put(w, 'clients/C-2/casenote/older.txt');
    // ext4 with small inodes cannot keep a time before 1901-12-13 (tmpfs, XFS and others can):
    // the file system's answer is what this one would give.
    const lstatSync = fs.lstatSync;
    const placeholders = new Map([
      ['reset-clock.txt', Date.parse('1900-01-01T12:00:00Z')],
      ['older.txt', Date.parse('1899-06-01T00:00:00Z')],
    ]);
    vi.spyOn(fs, 'lstatSync').mockImplementation((at: fs.PathLike, options?: { throwIfNoEntry?: boolean }) => {
      const stats = options?.throwIfNoEntry === false ? lstatSync(at, { throwIfNoEntry: false }) : lstatSync(at);
      const mtimeMs = placeholders.get(path.basename(String(at)));
      return stats && mtimeMs !== undefined ? Object.assign(stats, { mtimeMs }) : stats;
    });
    const result = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import', '--unmatched', 'u.csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^casefiles: 3 records \(3 new/);
    expect(result.stderr).toContain(
      '  2 files modified on or before 1900-01-01, a placeholder, not their date: give their created dates in a retention-sidecar.yaml',
    );
    expect(
      readCsv(path.join(w.dir, 'u.csv'))
        .filter((row) => row.reason === 'placeholder-date')
        .map((row) => row.path)
        .sort(),
    ).toEqual(['clients/C-1/casenote/reset-clock.txt', 'clients/C-2/casenote/older.txt']);
    fs.writeFileSync(
      path.join(w.root, 'clients/C-1/casenote/retention-sidecar.yaml'),
      'files:\n  reset-clock.txt: { created: 2015-02-03 }\n',
    );
    expectOk(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import', '--quiet']));
    expect(storedIds(w)).toContain(scannedRecordId('casefiles', 'clients/C-1/casenote/reset-clock.txt'));
    expect(storedIds(w)).toHaveLength(4);
  });
});

describe('inventory scan refuses', () => {
  it('a command line without exactly one of --out and --import', async () => {
    const w = tree();
    expectRefused(await w.run(['inventory', 'scan', 'casefiles', ...MAP]), 'usage.conflicting-flags');
    expectRefused(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import', '--out', 'x.csv']), 'usage.conflicting-flags');
  });

  it('a target that is not a declared files target, an --out that is no inventory, a template without {category}', async () => {
    const w = tree();
    expectRefused(await w.run(['inventory', 'scan', 'crm', ...MAP, '--import']), 'usage.bad-value', /sqlite target/);
    expectRefused(await w.run(['inventory', 'scan', 'nowhere', ...MAP, '--import']), 'usage.bad-value', /casefiles/);
    expectRefused(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'x.txt']), 'usage.bad-value');
    expectRefused(await w.run(['inventory', 'scan', 'casefiles', '--map', 'clients/{subject}/**', '--import']), 'usage.bad-value');
    expectRefused(await w.run(['inventory', 'scan', 'casefiles', '--map', 'clients/{id}/{category}/**', '--import']), 'usage.bad-value');
    expect(storedIds(w)).toEqual([]);
  });

  it('a root that fails its mount check (the sentinel file is missing)', async () => {
    const w = tree();
    const config = path.join(w.dir, 'retention.config.yaml');
    fs.writeFileSync(
      config,
      fs.readFileSync(config, 'utf8').replace('{ type: files, root: files }', '{ type: files, root: files, sentinel: .mounted }'),
    );
    expectRefused(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import']), 'target.unusable', /sentinel/);
    fs.writeFileSync(path.join(w.root, '.mounted'), '');
    const ok = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'x.csv', '--unmatched', 'u.csv', '--quiet']);
    expect(ok.code).toBe(0);
    // The sentinel is no record and no stray file either.
    expect(readCsv(path.join(w.dir, 'u.csv')).map((row) => row.path)).not.toContain('.mounted');
  });
});

describe('inventory scan of a name that cannot be a record', () => {
  it('lists it (bad-name) like an unmatched file and scans the rest, guessing nothing', async () => {
    const w = tree();
    // Bytes that are not UTF-8 (Latin-1 "é" and "è": both read as U+FFFD), a zero-width space,
    // a space at the end, and line breaks (also where the template would not match).
    for (const byte of [0xe9, 0xe8]) {
      fs.writeFileSync(
        Buffer.concat([Buffer.from(path.join(w.root, 'clients/C-1/casenote/caf')), Buffer.from([byte]), Buffer.from('.txt')]),
        '',
      );
    }
    const hidden = ['a\u200bb.txt', 'd.txt ', 'e\nf.txt', 'g\rh.txt', 'i\u2028j.txt'];
    for (const name of hidden) put(w, `clients/C-1/casenote/${name}`);
    put(w, 'clients/C\u200b-9/casenote/c.txt');
    put(w, 'unsorted/x\ny.txt');
    const result = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'out.csv', '--unmatched', 'unmatched.csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^casefiles: 3 records \(written to out\.csv\)\n/);
    expect(result.stderr).toContain(
      '  9 names that cannot be records (not UTF-8, invisible characters or spaces at an end): rename them\n',
    );
    expect(readCsv(path.join(w.dir, 'out.csv'))).toHaveLength(3);
    expect(
      readCsv(path.join(w.dir, 'unmatched.csv'))
        .filter((row) => row.reason === 'bad-name')
        .map((row) => row.path)
        .sort(),
    ).toEqual(
      [
        ...hidden.map((name) => `clients/C-1/casenote/${name}`),
        'clients/C-1/casenote/caf\\xE8.txt',
        'clients/C-1/casenote/caf\\xE9.txt',
        'clients/C\u200b-9/casenote/c.txt',
        'unsorted/x\ny.txt',
      ].sort(),
    );

    // --import takes the same records and nothing of the bad names.
    expectOk(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import', '--quiet']));
    expect(storedIds(w)).toHaveLength(3);
  });

  it("refuses a sidecar that dates the target's sentinel file, at its line", async () => {
    const w = tree();
    const config = path.join(w.dir, 'retention.config.yaml');
    fs.writeFileSync(
      config,
      fs.readFileSync(config, 'utf8').replace('{ type: files, root: files }', '{ type: files, root: files, sentinel: .mounted }'),
    );
    fs.writeFileSync(path.join(w.root, '.mounted'), '');
    fs.writeFileSync(path.join(w.root, 'retention-sidecar.yaml'), 'files:\n  .mounted: { created: 2014-03-01 }\n');
    expectRefused(
      await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import']),
      'sidecar.bad-name',
      /retention-sidecar\.yaml:2:3: "\.mounted" is the target's sentinel file/,
    );
    expect(storedIds(w)).toEqual([]);
  });
});
