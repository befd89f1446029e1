/**
 * Import 1,000,000 CSV rows with `retention inventory import` against `sqlite3 .import` of
 * the same file into a keyed table of a fresh database (DESIGN §8): one TEXT column per CSV
 * column, the id the primary key of a WITHOUT ROWID table, as the store's records table is
 * keyed. Each repetition starts from fresh databases.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { measureBothSides, measureCommand, requireCount } from './measure.js';
import { retention } from './retention-cli.js';
import { countRows, removeDatabase } from './sqlite-files.js';

/**
 * Runs the comparison `repeat` times and resolves to `{ results, store }`: the result rows for
 * the report, and the last store retention filled (kept for the plan benchmark).
 */
export async function benchImport({ csv, policy, count, dir, repeat, log }) {
  const times = { retention: [], baseline: [] };
  const keyedTable = keyedTableFor(csv);
  let store = null;
  for (let i = 1; i <= repeat; i++) {
    if (store) removeDatabase(store);
    store = join(dir, `import-${i}.db`);
    const copy = join(dir, `sqlite3-import-${i}.db`);
    const measured = await measureBothSides(i, {
      retention: () =>
        measureCommand(...retention('inventory', 'import', csv, '--db', store, '--policy', policy, '--quiet'), { cwd: dir, scratch: dir }),
      baseline: () => measureCommand('sqlite3', [copy, keyedTable, `.import --csv --skip 1 ${csv} t`], { cwd: dir, scratch: dir }),
    });
    requireCount('records in the store after retention inventory import', countRows(store, 'records'), count);
    requireCount('rows after sqlite3 .import', countRows(copy, 't'), count);
    removeDatabase(copy);
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    log(
      `import ${i}/${repeat}: retention ${measured.retention.seconds.toFixed(2)} s, sqlite3 .import ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const work = `import ${count.toLocaleString('en')} CSV rows`;
  return { results: [{ work, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 2 } }], store };
}

/** `CREATE TABLE t` with the CSV's columns (its header line), keyed by the first (the id). */
function keyedTableFor(csv) {
  const start = Buffer.alloc(64 * 1024);
  const fd = openSync(csv, 'r');
  const length = readSync(fd, start, 0, start.length, 0);
  closeSync(fd);
  const header = start.toString('utf8', 0, length).split('\n', 1)[0];
  const columns = header.split(',').map((name, i) => `"${name}" TEXT${i === 0 ? ' PRIMARY KEY' : ''}`);
  return `CREATE TABLE t (${columns.join(', ')}) WITHOUT ROWID`;
}
