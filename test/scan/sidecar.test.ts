/**
 * Sidecars of `inventory scan` (issue 12): a retention-sidecar.yaml beside files gives their
 * created date instead of the modification time; it is never a record itself, and a sidecar the
 * scan cannot use stops the scan with its file, line and column (exit 2, nothing written or
 * imported) — a date someone wrote down is never silently ignored.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createWorld, expectOk, expectRefused, type World } from '../cli/world.js';

const MAP = ['--map', 'clients/{subject}/{category}/**'];
const MODIFIED = new Date('2021-03-04T12:00:00Z');

function put(w: World, ref: string, text = ref): void {
  const file = path.join(w.root, ref);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  fs.utimesSync(file, MODIFIED, MODIFIED);
}

function sidecar(w: World, folder: string, text: string): void {
  put(w, `${folder}/retention-sidecar.yaml`, text);
}

function readCsv(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(fs.readFileSync(file), { columns: true });
}

function recordCount(w: World): number {
  if (!fs.existsSync(w.store)) return 0;
  const db = new Database(w.store, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM records').pluck().get() as number;
  } finally {
    db.close();
  }
}

function world(): World {
  const w = createWorld();
  put(w, 'clients/C-1/care-plan/plan.pdf');
  put(w, 'clients/C-1/care-plan/scan 0001.tif');
  put(w, 'clients/C-1/care-plan/other.pdf');
  put(w, 'clients/C-2/casenote/visit.txt');
  return w;
}

describe('a sidecar', () => {
  it('gives the created date of the files it names; the others keep their modification date; it is no record', async () => {
    const w = world();
    sidecar(w, 'clients/C-1/care-plan', 'files:\n  plan.pdf: { created: 2014-03-01 }\n  "scan 0001.tif":\n    created: 2012-11-30\n');
    const result = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'out.csv', '--unmatched', 'unmatched.csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^casefiles: 4 records \(written to out\.csv\)\n {2}2 created from a sidecar \(retention-sidecar\.yaml\), not the modification date\n/,
    );
    const created = new Map(readCsv(path.join(w.dir, 'out.csv')).map((row) => [row.location, row.created]));
    expect(created).toEqual(
      new Map([
        ['casefiles:clients/C-1/care-plan/plan.pdf', '2014-03-01'],
        ['casefiles:clients/C-1/care-plan/scan 0001.tif', '2012-11-30'],
        ['casefiles:clients/C-1/care-plan/other.pdf', '2021-03-04'],
        ['casefiles:clients/C-2/casenote/visit.txt', '2021-03-04'],
      ]),
    );
    expect(readCsv(path.join(w.dir, 'unmatched.csv'))).toEqual([]);
  });

  it('that the scan cannot use stops it with file, line and column: nothing written, nothing imported', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'files:\n  plan.pdf: { created: 2014-02-30 }\n',
        'sidecar.bad-date',
        /casefiles:clients\/C-1\/care-plan\/retention-sidecar\.yaml:2:24: created of "plan\.pdf" "2014-02-30" is not a date/,
      ],
      ['files:\n  plan.pdf: { created: 2014-03-01, subject: C-9 }\n', 'sidecar.unknown-key', /:2:36: unknown key "subject"/],
      [
        'files:\n  plan.pdf: { created: 1900-01-01 }\n',
        'sidecar.placeholder-date',
        /:2:24: created of "plan\.pdf" "1900-01-01" is a placeholder/,
      ],
      ['files:\n  plan.pdf: { created: 2014-03-01 \n', 'yaml.syntax', /retention-sidecar\.yaml:\d+:\d+: YAML syntax error/],
      ['plan.pdf: 2014-03-01\n', 'sidecar.wrong-type', /:1:1: the sidecar must have "files:"/],
      ['# nothing yet\n', 'yaml.empty', /the sidecar is empty/],
    ];
    for (const [text, code, wording] of cases) {
      const w = world();
      sidecar(w, 'clients/C-1/care-plan', text);
      expectRefused(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--out', 'out.csv', '--unmatched', 'u.csv']), code, wording);
      expect(fs.readdirSync(w.dir).filter((name) => name.includes('out.csv') || name.includes('u.csv'))).toEqual([]);
      expectRefused(await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import']), code);
      expect(recordCount(w)).toBe(0);
    }
  });

  it('naming a file that is gone (apply deleted it) or misspelt is listed and counted, and the scan goes on', async () => {
    const w = world();
    sidecar(
      w,
      'clients/C-1/care-plan',
      'files:\n  plan.pdf: { created: 2014-03-01 }\n  plan.pd: { created: 2014-03-02 }\n  other.pdf: { created: 2013-01-01 }\n',
    );
    // The tool's own cycle: the dated file was deleted after an earlier scan.
    fs.rmSync(path.join(w.root, 'clients/C-1/care-plan/other.pdf'));
    const result = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import', '--unmatched', 'u.csv']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('  2 names in sidecars that are no files of their folders');
    expect(recordCount(w)).toBe(3);
    expect(readCsv(path.join(w.dir, 'u.csv')).sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''))).toEqual([
      { path: 'clients/C-1/care-plan/other.pdf', reason: 'sidecar-no-file' },
      { path: 'clients/C-1/care-plan/plan.pd', reason: 'sidecar-no-file' },
    ]);
  });

  it.each([
    ['in another Unicode form (a file copied from a Mac is NFD)', 'Rene\u0301e.pdf', 'Ren\u00e9e.pdf'],
    ['in another letter case (a case-insensitive share)', 'Letter.pdf', 'letter.pdf'],
  ])(
    'naming a file of the folder %s is refused at its line: that file would be dated by its modification time',
    async (_how, file, named) => {
      const w = world();
      put(w, `clients/C-1/care-plan/${file}`);
      sidecar(w, 'clients/C-1/care-plan', `files:\n  plan.pdf: { created: 2014-03-01 }\n  "${named}": { created: 2025-01-01 }\n`);
      const result = await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import']);
      expectRefused(result, 'sidecar.name-differs', /retention-sidecar\.yaml:\d+:\d+: .* is not spelt as the folder's file/);
      expect(recordCount(w)).toBe(0);
    },
  );

  it('that is a symbolic link is refused, not followed', async () => {
    const w = world();
    fs.writeFileSync(path.join(w.outside, 'dates.yaml'), 'files:\n  plan.pdf: { created: 2014-03-01 }\n');
    fs.symlinkSync(path.join(w.outside, 'dates.yaml'), path.join(w.root, 'clients/C-1/care-plan/retention-sidecar.yaml'));
    expectRefused(
      await w.run(['inventory', 'scan', 'casefiles', ...MAP, '--import']),
      'sidecar.unreadable',
      /retention-sidecar\.yaml: the sidecar cannot be read: it is a symbolic link/,
    );
    expect(recordCount(w)).toBe(0);
  });

  it('may not date a file whose date the template already places', async () => {
    const w = createWorld();
    put(w, 'clients/C-1/casenote/2019-05-06/a.txt');
    sidecar(w, 'clients/C-1/casenote/2019-05-06', 'files:\n  a.txt: { created: 2018-01-01 }\n');
    expectRefused(
      await w.run(['inventory', 'scan', 'casefiles', '--map', 'clients/{subject}/{category}/{created}/*', '--import']),
      'sidecar.created-twice',
      /retention-sidecar\.yaml:2:3: the sidecar gives created of clients\/C-1\/casenote\/2019-05-06\/a\.txt, which the template/,
    );
    expect(recordCount(w)).toBe(0);
    expectOk(await w.run(['inventory', 'scan', 'casefiles', '--map', 'clients/{subject}/{category}/*/*', '--import', '--quiet']));
    expect(recordCount(w)).toBe(1);
  });
});
