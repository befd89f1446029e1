/**
 * Apply N file deletions with audit (`retention apply --yes`) against `find ROOT -type f
 * -delete` on an identical tree. Deleting is destructive, so each repetition builds two
 * fresh identical trees and starts from a fresh copy of the same store.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPLY_POLICY, applyConfig, buildTree, countFiles, writeDueInventory } from './apply-fixtures.js';
import { measureBothSides, measureCommand, requireCount } from './measure.js';
import { retention } from './retention-cli.js';
import { copyDatabase, countRows } from './sqlite-files.js';

const AS_OF = '2025-01-01';

/** Resolves to the result row for the report. */
export async function benchApply({ count, dir, repeat, log }) {
  const template = await prepareTemplateStore(dir, count);
  const times = { retention: [], baseline: [] };
  for (let i = 1; i <= repeat; i++) {
    const runDir = join(dir, `apply-${i}`);
    const { root, findRoot } = prepareRun(runDir, template, count);
    const measured = await measureBothSides(i, {
      retention: () => measureCommand(...retention('apply', '--yes', '--as-of', AS_OF), { cwd: runDir, scratch: dir }),
      baseline: () => measureCommand('find', [findRoot, '-type', 'f', '-delete'], { cwd: runDir, scratch: dir }),
    });
    requireCount('files left by retention apply', countFiles(root), 0);
    requireCount('files left by find -delete', countFiles(findRoot), 0);
    requireCount("'deleted' audit entries", countRows(join(runDir, 'store.db'), 'audit', "action = 'deleted'"), count);
    rmSync(runDir, { recursive: true, force: true });
    times.retention.push(measured.retention.seconds);
    times.baseline.push(measured.baseline.seconds);
    log(
      `apply ${i}/${repeat}: retention ${measured.retention.seconds.toFixed(2)} s, find -delete ${measured.baseline.seconds.toFixed(2)} s`,
    );
  }
  const work = `apply ${count.toLocaleString('en')} file deletions with audit`;
  return [{ work, retention: times.retention, baseline: times.baseline, unit: 's', target: { ratio: 3 } }];
}

/**
 * Imports the due inventory once into a template store (not timed: import has its own
 * benchmark); each repetition then starts from a copy of it.
 */
async function prepareTemplateStore(dir, count) {
  const templateDir = join(dir, 'apply-template');
  mkdirSync(templateDir, { recursive: true });
  const policy = join(templateDir, 'policy.yaml');
  const csv = join(templateDir, 'inventory.csv');
  const store = join(templateDir, 'store.db');
  writeFileSync(policy, APPLY_POLICY);
  writeDueInventory(csv, count);
  await measureCommand(...retention('inventory', 'import', csv, '--db', store, '--policy', policy, '--quiet'), {
    cwd: templateDir,
    scratch: dir,
  });
  requireCount('records in the apply template store', countRows(store, 'records'), count);
  return { policy, store };
}

/** A working folder with the config, a copy of the template store and two identical trees. */
function prepareRun(runDir, template, count) {
  mkdirSync(runDir, { recursive: true });
  const root = join(runDir, 'tree');
  const findRoot = join(runDir, 'find-tree');
  copyFileSync(template.policy, join(runDir, 'policy.yaml'));
  copyDatabase(template.store, join(runDir, 'store.db'));
  writeFileSync(join(runDir, 'retention.config.yaml'), applyConfig({ policy: 'policy.yaml', store: 'store.db', root: 'tree' }));
  buildTree(root, count);
  buildTree(findRoot, count);
  return { root, findRoot };
}
