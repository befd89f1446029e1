#!/usr/bin/env node
/**
 * `npm run bench`: the performance targets of DESIGN §8, each measured next to its baseline
 * in the same run, because on a shared machine only a same-run ratio means anything.
 *
 *   node test/bench/run.js [--records N] [--files N] [--scan-files N] [--only plan|import|apply|postgres|scan] [--repeat K]
 *
 * The PostgreSQL rows run on a throw-away cluster when PostgreSQL is installed (else they are
 * left out, and the log says so).
 *
 * Works in a temporary folder that is removed at the end. Prints progress on stderr and the
 * table on stdout. It reports; it never fails a build on a timing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchApply } from './bench-apply.js';
import { benchImport } from './bench-import.js';
import { benchPlan } from './bench-plan.js';
import { benchScan } from './bench-scan.js';
import { generateInventory } from './generate-inventory.js';
import { measureCommand, requireCount } from './measure.js';
import { formatTable, allMet } from './report.js';
import { REPO_ROOT, retention } from './retention-cli.js';
import { countRows } from './sqlite-files.js';
import { benchPostgres } from './bench-postgres.js';
import { findPostgresBin } from '../postgres/cluster.js';

const PLAN_POLICY = join(REPO_ROOT, 'policies', 'leading-lives.yaml');
const PLAN_AS_OF = '2025-06-30';
const WORKS = ['plan', 'import', 'apply', 'postgres', 'scan'];

function readOptions() {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1000000' },
      files: { type: 'string', default: '100000' },
      'scan-files': { type: 'string', default: '1000000' },
      only: { type: 'string' },
      repeat: { type: 'string', default: '3' },
    },
  });
  const positive = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not "${values[name]}"`);
    return n;
  };
  if (values.only !== undefined && !WORKS.includes(values.only)) throw new Error(`--only must be one of ${WORKS.join(', ')}`);
  return { records: positive('records'), files: positive('files'), scanFiles: positive('scan-files'), repeat: positive('repeat'), works: values.only ? [values.only] : WORKS };
}

const log = (text) => process.stderr.write(`bench: ${text}\n`);

async function main() {
  const options = readOptions();
  const dir = mkdtempSync(join(tmpdir(), 'retention-bench-'));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  log(`node ${process.version}, ${cpus().length} cores, ${options.repeat} repetitions, working in ${dir}`);
  try {
    const results = await runBenchmarks(options, dir);
    process.stdout.write(`\n${formatTable(results)}\n\n`);
    log(allMet(results) ? 'every target met' : 'some targets missed (see "met?")');
  } finally {
    cleanUp();
  }
}

async function runBenchmarks({ records, files, scanFiles, repeat, works }, dir) {
  const results = [];
  let store = null;
  const policy = PLAN_POLICY;
  const csv = join(dir, 'inventory.csv');
  if (works.includes('import') || works.includes('plan') || works.includes('postgres')) {
    log(`generating ${records} inventory rows from ${policy}`);
    await generateInventory({ policyText: readFileSync(policy, 'utf8'), count: records, out: csv });
    if (works.includes('import')) {
      const imported = await benchImport({ csv, policy, count: records, dir, repeat, log });
      results.push(...imported.results);
      store = imported.store;
    } else {
      store = await importUntimed({ csv, policy, count: records, dir });
    }
  }
  if (works.includes('plan')) results.unshift(...(await benchPlan({ store, policy, asOf: PLAN_AS_OF, count: records, dir, repeat, log })));
  if (works.includes('apply')) results.push(...(await benchApply({ count: files, dir, repeat, log })));
  if (works.includes('postgres')) {
    const bin = findPostgresBin();
    if (bin === null) log('PostgreSQL is not installed: its rows are left out');
    else results.push(...(await benchPostgres({ bin, csv, policy, sqliteStore: store, count: records, files, planAsOf: PLAN_AS_OF, dir, repeat, log })));
  }
  if (works.includes('scan')) results.push(...(await benchScan({ count: scanFiles, dir, repeat, log })));
  return results;
}

/** `--only plan` still needs a filled store; its import is not a measurement. */
async function importUntimed({ csv, policy, count, dir }) {
  const store = join(dir, 'plan.db');
  log(`importing ${count} rows for the plan benchmark (not timed)`);
  await measureCommand(...retention('inventory', 'import', csv, '--db', store, '--policy', policy, '--quiet'), { cwd: dir, scratch: dir });
  requireCount('records in the plan store', countRows(store, 'records'), count);
  return store;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
