/**
 * Plan every record of a store (`plan --format ndjson > /dev/null`) against reading the same
 * rows with no logic (read-rows-baseline.js), and the plan's peak memory. Planning changes
 * nothing, so every repetition reads the same store.
 */
import { measureBothSides, measureCommand } from './measure.js';
import { benchScript, retention } from './retention-cli.js';

/** Resolves to the result rows for the report: the time comparison and the peak memory. */
export async function benchPlan({ store, policy, asOf, count, dir, repeat, log }) {
  const times = { retention: [], baseline: [] };
  const peakRssMb = [];
  for (let i = 1; i <= repeat; i++) {
    const measured = await measureBothSides(i, {
      retention: () => measureCommand(...retention('plan', '--db', store, '--policy', policy, '--format', 'ndjson', '--as-of', asOf), { cwd: dir, scratch: dir }),
      baseline: () => measureCommand(...benchScript('read-rows-baseline.js', store), { cwd: dir, scratch: dir }),
    });
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    peakRssMb.push(measured.retention.peakRssMb);
    log(
      `plan ${i}/${repeat}: retention ${measured.retention.seconds.toFixed(2)} s (peak ${measured.retention.peakRssMb.toFixed(0)} MB), ` +
        `reading rows ${measured.baseline.seconds.toFixed(2)} s (peak ${measured.baseline.peakRssMb.toFixed(0)} MB)`,
    );
  }
  const records = count.toLocaleString('en');
  return [
    { work: `plan ${records} records from the store`, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 2 } },
    { work: 'peak RSS of that plan (ndjson)', retention: peakRssMb, baseline: null, unit: 'MB', target: { below: 300 } },
  ];
}
