#!/usr/bin/env node
/**
 * `npm run bench`: the performance targets of DESIGN §8, each measured next to its baseline
 * in the same run, because on a shared machine only a same-run ratio means anything.
 *
 *   node test/bench/run.js [--records N] [--table-records N] [--files N] [--entries N] [--scan-files N] [--only plan|table|import|apply|verify|postgres|scan] [--repeat K]
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
import { benchPlan, benchTable } from './bench-plan.js';
import { benchScan } from './bench-scan.js';
import { benchVerify } from './bench-verify.js';
import { generateInventory } from './generate-inventory.js';
import { formatTable, allMet } from './report.js';
import { REPO_ROOT, retention } from './retention-cli.js';
import { measureCommand, requireCount } from './measure.js';
import { countRows } from './sqlite-files.js';
import { benchPostgres } from './bench-postgres.js';
import { findPostgresBin } from '../postgres/cluster.js';

const PLAN_POLICY = join(REPO_ROOT, 'policies', 'leading-lives.yaml');
const PLAN_AS_OF = '2025-06-30';
const WORKS = ['plan', 'import', 'apply', 'table', 'verify', 'postgres', 'scan'];

function readOptions() {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '1000000' },
      'table-records': { type: 'string', default: '30000' },
      files: { type: 'string', default: '100000' },
      entries: { type: 'string', default: '1000000' },
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
  return {
    records: positive('records'),
    tableRecords: positive('table-records'),
    files: positive('files'),
    entries: positive('entries'),
    scanFiles: positive('scan-files'),
    repeat: positive('repeat'),
    works: values.only ? [values.only] : WORKS,
  };
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

/** The rows in the order of DESIGN §8's table. */
async function runBenchmarks({ records, tableRecords, files, entries, scanFiles, repeat, works }, dir) {
  const results = [];
  const policy = PLAN_POLICY;
  const policyText = readFileSync(policy, 'utf8');
  const csv = join(dir, 'inventory.csv');
  /** The SQLite store the PostgreSQL rows are compared with: the import's, or one imported untimed. */
  let store = null;
  if (works.includes('import') || works.includes('plan') || works.includes('postgres')) {
    log(`generating ${records} inventory rows from ${policy}`);
    await generateInventory({ policyText, count: records, out: csv });
    if (works.includes('plan')) results.push(...(await benchPlan({ csv, policy, asOf: PLAN_AS_OF, count: records, dir, repeat, log })));
    if (works.includes('import')) {
      const imported = await benchImport({ csv, policy, count: records, dir, repeat, log });
      results.push(...imported.results);
      store = imported.store;
    }
  }
  if (works.includes('apply')) results.push(...(await benchApply({ count: files, dir, repeat, log })));
  if (works.includes('table')) {
    const tableCsv = join(dir, 'table-inventory.csv');
    await generateInventory({ policyText, count: tableRecords, out: tableCsv });
    results.push(...(await benchTable({ csv: tableCsv, policy, asOf: PLAN_AS_OF, count: tableRecords, dir, repeat, log })));
  }
  if (works.includes('verify')) results.push(...(await benchVerify({ count: entries, dir, repeat, log })));
  if (works.includes('postgres')) {
    const bin = findPostgresBin();
    if (bin === null) log('PostgreSQL is not installed: its rows are left out');
    else
      results.push(
        ...(await benchPostgres({
          bin,
          csv,
          policy,
          sqliteStore: store ?? (await importUntimed({ csv, policy, count: records, dir })),
          count: records,
          files,
          planAsOf: PLAN_AS_OF,
          dir,
          repeat,
          log,
        })),
      );
  }
  if (works.includes('scan')) results.push(...(await benchScan({ count: scanFiles, dir, repeat, log })));
  return results;
}

/** `--only postgres` still needs a filled SQLite store to compare with; its import is not a measurement. */
async function importUntimed({ csv, policy, count, dir }) {
  const store = join(dir, 'plan.db');
  log(`importing ${count} rows for the PostgreSQL comparison (not timed)`);
  await measureCommand(...retention('inventory', 'import', csv, '--db', store, '--policy', policy, '--quiet'), { cwd: dir, scratch: dir });
  requireCount('records in the SQLite store', countRows(store, 'records'), count);
  return store;
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exitCode = 1;
});
