/**
 * The PostgreSQL rows of DESIGN §8, on a throw-away cluster with PostgreSQL's default
 * durability (fsync on, as a real server has it):
 *  - import 1,000,000 CSV rows with `retention inventory import --db postgres://…` against
 *    `psql \copy` of the same file into a keyed table;
 *  - plan every record from the PostgreSQL store against the same plan from the SQLite store;
 *  - apply N file deletions with the PostgreSQL store against the same with the SQLite store.
 * Each repetition of an import or an apply starts from a fresh database.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from '../postgres/cluster.js';
import { APPLY_POLICY, applyConfig, buildTree, countFiles, writeDueInventory } from './apply-fixtures.js';
import { measureBothSides, measureCommand, requireCount } from './measure.js';
import { retention } from './retention-cli.js';
import { copyDatabase, countRows } from './sqlite-files.js';

const APPLY_AS_OF = '2025-01-01';

/** Resolves to the three result rows for the report. */
export async function benchPostgres({ bin, csv, policy, sqliteStore, count, files, planAsOf, dir, repeat, log }) {
  const cluster = await startCluster({ bin, durable: true });
  // An interrupted benchmark (process.exit on SIGINT) still stops the server it started.
  let stopped = false;
  const stop = () => {
    if (!stopped) cluster.stop();
    stopped = true;
  };
  process.once('exit', stop);
  const psql = (database, ...args) =>
    execFileSync(join(bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', cluster.urlOf(database), ...args], { encoding: 'utf8' });
  const countIn = (database, sql) => Number(psql(database, '-At', '-c', sql).trim());
  const createDatabase = (name, template = null) =>
    psql('postgres', '-c', `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  try {
    const results = [];
    const imported = await benchImport({
      cluster,
      psqlBin: join(bin, 'psql'),
      psql,
      countIn,
      createDatabase,
      csv,
      policy,
      count,
      dir,
      repeat,
      log,
    });
    results.push(imported.result);
    results.push(
      await benchPlan({ store: cluster.urlOf(imported.database), sqliteStore, policy, asOf: planAsOf, count, dir, repeat, log }),
    );
    results.push(await benchApply({ cluster, countIn, createDatabase, files, dir, repeat, log }));
    return results;
  } finally {
    stop();
    process.off('exit', stop);
  }
}

async function benchImport({ cluster, psqlBin, psql, countIn, createDatabase, csv, policy, count, dir, repeat, log }) {
  const columns = readFileSync(csv, 'utf8').slice(0, 4096).split('\n')[0].split(',');
  const keyedTable = `CREATE TABLE t (${columns.map((c, i) => `"${c}" text${i === 0 ? ' PRIMARY KEY' : ''}`).join(', ')})`;
  const times = { retention: [], baseline: [] };
  let database = null;
  for (let i = 1; i <= repeat; i++) {
    database = `import_${i}`;
    const copy = `psql_copy_${i}`;
    createDatabase(database);
    createDatabase(copy);
    psql(copy, '-c', keyedTable);
    const measured = await measureBothSides(i, {
      retention: () =>
        measureCommand(...retention('inventory', 'import', csv, '--db', cluster.urlOf(database), '--policy', policy, '--quiet'), {
          cwd: dir,
          scratch: dir,
        }),
      baseline: () =>
        measureCommand(psqlBin, ['-X', '-q', '-d', cluster.urlOf(copy), '-c', `\\copy t FROM '${csv}' WITH (FORMAT csv, HEADER true)`], {
          cwd: dir,
          scratch: dir,
        }),
    });
    requireCount(
      'records in the PostgreSQL store after retention inventory import',
      countIn(database, 'SELECT count(*) FROM records'),
      count,
    );
    requireCount('rows after psql \\copy', countIn(copy, 'SELECT count(*) FROM t'), count);
    psql('postgres', '-c', `DROP DATABASE ${copy}`);
    if (i < repeat) psql('postgres', '-c', `DROP DATABASE ${database}`);
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    log(
      `PostgreSQL import ${i}/${repeat}: retention ${measured.retention.seconds.toFixed(2)} s, psql \\copy ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const work = `PostgreSQL: import ${count.toLocaleString('en')} CSV rows`;
  return { result: { work, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 2 } }, database };
}

/** The same plan from both stores; planning changes nothing, so every repetition reads the same stores. */
async function benchPlan({ store, sqliteStore, policy, asOf, count, dir, repeat, log }) {
  const times = { retention: [], baseline: [] };
  const plan = (db) =>
    measureCommand(...retention('plan', '--db', db, '--policy', policy, '--format', 'ndjson', '--as-of', asOf), { cwd: dir, scratch: dir });
  for (let i = 1; i <= repeat; i++) {
    const measured = await measureBothSides(i, { retention: () => plan(store), baseline: () => plan(sqliteStore) });
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    log(
      `PostgreSQL plan ${i}/${repeat}: from PostgreSQL ${measured.retention.seconds.toFixed(2)} s, from SQLite ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const work = `PostgreSQL: plan ${count.toLocaleString('en')} records (vs the SQLite store)`;
  return { work, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 1.5 } };
}

/** Both stores filled once from the same due inventory; each repetition starts from copies of them and two identical trees. */
async function benchApply({ cluster, countIn, createDatabase, files, dir, repeat, log }) {
  const templateDir = join(dir, 'pg-apply-template');
  mkdirSync(templateDir, { recursive: true });
  writeFileSync(join(templateDir, 'policy.yaml'), APPLY_POLICY);
  writeDueInventory(join(templateDir, 'inventory.csv'), files);
  createDatabase('apply_template');
  const sqliteTemplate = join(templateDir, 'store.db');
  for (const store of [cluster.urlOf('apply_template'), sqliteTemplate]) {
    await measureCommand(...retention('inventory', 'import', 'inventory.csv', '--db', store, '--policy', 'policy.yaml', '--quiet'), {
      cwd: templateDir,
      scratch: dir,
    });
  }
  const times = { retention: [], baseline: [] };
  for (let i = 1; i <= repeat; i++) {
    const database = `apply_${i}`;
    createDatabase(database, 'apply_template');
    const onPostgres = prepareRun(join(dir, `pg-apply-${i}`), templateDir, cluster.urlOf(database), files);
    const onSqlite = prepareRun(join(dir, `sqlite-apply-${i}`), templateDir, null, files);
    copyDatabase(sqliteTemplate, join(onSqlite, 'store.db'));
    const apply = (cwd) => measureCommand(...retention('apply', '--yes', '--as-of', APPLY_AS_OF), { cwd, scratch: dir });
    const measured = await measureBothSides(i, { retention: () => apply(onPostgres), baseline: () => apply(onSqlite) });
    requireCount('files left by the apply with the PostgreSQL store', countFiles(join(onPostgres, 'tree')), 0);
    requireCount('files left by the apply with the SQLite store', countFiles(join(onSqlite, 'tree')), 0);
    requireCount(
      "'deleted' entries in the PostgreSQL store",
      countIn(database, "SELECT count(*) FROM audit WHERE action = 'deleted'"),
      files,
    );
    requireCount("'deleted' entries in the SQLite store", countRows(join(onSqlite, 'store.db'), 'audit', "action = 'deleted'"), files);
    for (const runDir of [onPostgres, onSqlite]) rmSync(runDir, { recursive: true, force: true });
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    log(
      `PostgreSQL apply ${i}/${repeat}: PostgreSQL store ${measured.retention.seconds.toFixed(2)} s, SQLite store ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const work = `PostgreSQL: apply ${files.toLocaleString('en')} file deletions (vs the SQLite store)`;
  return { work, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 1.5 } };
}

/** A working folder with the config (the PostgreSQL store's URL, else store.db) and the tree. */
function prepareRun(runDir, templateDir, storeUrl, files) {
  mkdirSync(runDir, { recursive: true });
  copyFileSync(join(templateDir, 'policy.yaml'), join(runDir, 'policy.yaml'));
  writeFileSync(
    join(runDir, 'retention.config.yaml'),
    applyConfig({ policy: 'policy.yaml', store: storeUrl ? JSON.stringify(storeUrl) : 'store.db', root: 'tree' }),
  );
  buildTree(join(runDir, 'tree'), files);
  return runDir;
}
