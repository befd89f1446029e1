/**
 * `inventory scan` of a large folder tree (issue 12) next to `find ROOT -type f | wc -l` of the
 * same tree: the walk, a stat per file, the template, the checks of a CSV row and the inventory
 * written out, against the fastest listing of the same files. The tree (clients/S-n/<category>/,
 * empty files) is built once, untimed, and only read by both sides.
 */
import { mkdirSync, closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBothSides, measureCommand, requireCount } from './measure.js';
import { REPO_ROOT, retention } from './retention-cli.js';

const CATEGORIES = [
  'care-plan',
  'health',
  'finance',
  'incident',
  'photograph',
  'storyboard',
  'complaint',
  'invoice',
  'video',
  'web-feedback',
];
const FILES_PER_FOLDER = 100;
const MAP = 'clients/{subject}/{category}/**';

/** Resolves to the result rows for the report: time against find, and peak memory. */
export async function benchScan({ count, dir, repeat, log }) {
  const runDir = join(dir, 'scan');
  const root = join(runDir, 'share');
  log(`building a tree of ${count.toLocaleString('en')} files for the scan benchmark (not timed)`);
  const started = Date.now();
  buildScanTree(root, count);
  log(`tree built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  writeFileSync(
    join(runDir, 'retention.config.yaml'),
    `policy: ${JSON.stringify(join(REPO_ROOT, 'policies', 'leading-lives.yaml'))}\ntargets:\n  share: { type: files, root: share }\n`,
  );
  const times = { retention: [], baseline: [] };
  const peaks = [];
  for (let i = 1; i <= repeat; i++) {
    const listed = join(runDir, 'find-count.txt');
    // --out never overwrites: the previous repetition's inventory goes first (untimed).
    rmSync(join(runDir, 'scanned.csv'), { force: true });
    const measured = await measureBothSides(i, {
      retention: () =>
        measureCommand(...retention('inventory', 'scan', 'share', '--map', MAP, '--out', 'scanned.csv', '--quiet'), {
          cwd: runDir,
          scratch: dir,
        }),
      baseline: () => measureCommand('sh', ['-c', `find "${root}" -type f | wc -l`], { cwd: runDir, scratch: dir, stdoutPath: listed }),
    });
    requireCount('files listed by find', Number(readFileSync(listed, 'utf8').trim()), count);
    requireCount('records written by inventory scan', countLines(join(runDir, 'scanned.csv')) - 1, count);
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    peaks.push(measured.retention.peakRssMb);
    log(
      `scan ${i}/${repeat}: retention ${measured.retention.seconds.toFixed(2)} s (${measured.retention.peakRssMb.toFixed(0)} MB), find | wc -l ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const work = `inventory scan of ${count.toLocaleString('en')} files, --out CSV`;
  return [
    { work, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 3 } },
    { work: 'peak memory of that scan', retention: peaks, baseline: null, unit: 'MB', target: { below: 200 } },
  ];
}

/** clients/S-<n>/<category>/file-<i>.txt, a hundred empty files per folder. */
function buildScanTree(root, count) {
  for (let i = 0; i < count; i++) {
    const folder = Math.floor(i / FILES_PER_FOLDER);
    const path = join(root, 'clients', `S-${Math.floor(folder / CATEGORIES.length)}`, CATEGORIES[folder % CATEGORIES.length]);
    if (i % FILES_PER_FOLDER === 0) mkdirSync(path, { recursive: true });
    closeSync(openSync(join(path, `file-${i}.txt`), 'w'));
  }
}

function countLines(file) {
  const text = readFileSync(file);
  let lines = 0;
  for (let at = text.indexOf(10); at !== -1; at = text.indexOf(10, at + 1)) lines += 1;
  return lines;
}
