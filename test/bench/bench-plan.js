/**
 * Plan a CSV inventory (`plan --inventory --format ndjson > /dev/null`) against a plain
 * conversion of the same file to JSON lines in Python (csv-to-json-baseline.py), with the
 * plan's peak memory; and `plan --format table` against `--format csv` of the same smaller
 * inventory (the table must not cost much more than any other rendering).
 */
import { measureBothSides, measureCommand } from './measure.js';
import { retention } from './retention-cli.js';

/** Resolves to the result rows for the report: the time comparison and the peak memory. */
export async function benchPlan({ csv, policy, asOf, count, dir, repeat, log }) {
  const times = { retention: [], baseline: [] };
  const peakRssMb = [];
  for (let i = 1; i <= repeat; i++) {
    const measured = await measureBothSides(i, {
      retention: () =>
        measureCommand(...retention('plan', '--inventory', csv, '--policy', policy, '--format', 'ndjson', '--as-of', asOf), {
          cwd: dir,
          scratch: dir,
        }),
      baseline: () =>
        measureCommand('python3', [new URL('csv-to-json-baseline.py', import.meta.url).pathname, csv], { cwd: dir, scratch: dir }),
    });
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    peakRssMb.push(measured.retention.peakRssMb);
    log(
      `plan ${i}/${repeat}: retention ${measured.retention.seconds.toFixed(2)} s (peak ${measured.retention.peakRssMb.toFixed(0)} MB), ` +
        `python csv→json ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const records = count.toLocaleString('en');
  return [
    {
      work: `plan ${records} CSV records, --format ndjson`,
      retention: times.retention,
      baseline: times.baseline,
      unit: 's',
      target: { ratio: 1 },
    },
    { work: 'peak RSS of that plan', retention: peakRssMb, baseline: null, unit: 'MB', target: { below: 200 } },
  ];
}

/** Resolves to the result row comparing the table with the csv rendering of the same plan. */
export async function benchTable({ csv, policy, asOf, count, dir, repeat, log }) {
  const times = { retention: [], baseline: [] };
  const plan = (format) => () =>
    measureCommand(...retention('plan', '--inventory', csv, '--policy', policy, '--format', format, '--as-of', asOf), {
      cwd: dir,
      scratch: dir,
    });
  for (let i = 1; i <= repeat; i++) {
    const measured = await measureBothSides(i, { retention: plan('table'), baseline: plan('csv') });
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    log(
      `table ${i}/${repeat}: --format table ${measured.retention.seconds.toFixed(2)} s, --format csv ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const work = `plan --format table, ${count.toLocaleString('en')} records (baseline: --format csv)`;
  return [{ work, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 1.5 } }];
}
