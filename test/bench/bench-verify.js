/**
 * `audit verify` of a long log against an independent verifier in Python
 * (audit-verify-baseline.py). The log is a small store's, lengthened by fill-audit.py with
 * entries chained by the same independent rules, so a pass of `audit verify` also shows that
 * the two verifiers agree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPLY_POLICY, writeDueInventory } from './apply-fixtures.js';
import { measureBothSides, measureCommand, requireCount } from './measure.js';
import { retention } from './retention-cli.js';
import { countRows } from './sqlite-files.js';

const script = (name) => new URL(name, import.meta.url).pathname;

/** Resolves to the result row for the report. */
export async function benchVerify({ count, dir, repeat, log }) {
  const verifyDir = join(dir, 'verify');
  mkdirSync(verifyDir, { recursive: true });
  const store = join(verifyDir, 'store.db');
  writeFileSync(join(verifyDir, 'policy.yaml'), APPLY_POLICY);
  writeDueInventory(join(verifyDir, 'inventory.csv'), 1);
  log(`writing an audit log of ${count} entries (not timed)`);
  await measureCommand(...retention('inventory', 'import', 'inventory.csv', '--db', store, '--policy', 'policy.yaml', '--quiet'), {
    cwd: verifyDir,
    scratch: dir,
  });
  await measureCommand('python3', [script('fill-audit.py'), store, String(count)], { cwd: verifyDir, scratch: dir });
  const entries = countRows(store, 'audit');
  requireCount('audit entries past the import', countRows(store, 'audit', "actor = 'bench'"), count);
  const times = { retention: [], baseline: [] };
  for (let i = 1; i <= repeat; i++) {
    const measured = await measureBothSides(i, {
      retention: () => measureCommand(...retention('audit', 'verify', '--db', store), { cwd: verifyDir, scratch: dir }),
      baseline: () => measureCommand('python3', [script('audit-verify-baseline.py'), store], { cwd: verifyDir, scratch: dir }),
    });
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    log(
      `verify ${i}/${repeat}: audit verify ${measured.retention.seconds.toFixed(2)} s, python verifier ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const work = `audit verify, ${entries.toLocaleString('en')} entries`;
  return [{ work, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 1 } }];
}
