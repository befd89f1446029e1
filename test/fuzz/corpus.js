/**
 * What the fuzz tests mutate: the shipped policy packs, a config, and the fixture inventories
 * (as CSV, and the same records as a JSON array and as JSON Lines), each with the command that
 * reads it. Paths are absolute, so an error names the file exactly as written here.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const AS_OF = '2026-06-30';

/**
 * @returns {{ dir: string, seeds: { kind: 'policy' | 'config' | 'inventory', name: string, bytes: Buffer, args: (file: string) => string[] }[] }}
 * `dir` is a fresh folder for the mutated files (and the config's target folder).
 */
export function fuzzCorpus() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'retention-fuzz-'));
  mkdirSync(path.join(dir, 'casefiles'));
  const packs = readdirSync(path.join(REPO, 'policies'))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const seeds = [];
  for (const pack of packs) {
    const policy = path.join(REPO, 'policies', pack);
    seeds.push({ kind: 'policy', name: pack, bytes: readFileSync(policy), args: (file) => ['validate', '--policy', file] });
    const name = pack.replace(/\.yaml$/, '');
    const csv = readFileSync(path.join(REPO, 'fixtures', name, 'inventory.csv'));
    const plan = (file) => ['plan', '--policy', policy, '--inventory', file, '--as-of', AS_OF, '--format', 'ndjson'];
    seeds.push({ kind: 'inventory', name: `${name}.csv`, bytes: csv, args: plan });
    const records = asJsonRecords(csv, readFileSync(policy, 'utf8'));
    seeds.push({ kind: 'inventory', name: `${name}.json`, bytes: Buffer.from(JSON.stringify(records, null, 2)), args: plan });
    seeds.push({
      kind: 'inventory',
      name: `${name}.jsonl`,
      bytes: Buffer.from(records.map((r) => JSON.stringify(r)).join('\n')),
      args: plan,
    });
  }
  seeds.push({
    kind: 'config',
    name: 'retention.config.yaml',
    bytes: Buffer.from(configText(dir)),
    args: (file) => ['validate', '--config', file],
  });
  return { dir, seeds };
}

function configText(dir) {
  return `# retention.config.yaml — paths are relative to this file's folder
policy: ${JSON.stringify(path.join(REPO, 'policies/leading-lives.yaml'))}
store: retention.db
actor: nightly-cron
targets:
  casefiles: { type: files, root: ${JSON.stringify(path.join(dir, 'casefiles'))} }
  paper:     { type: manual }
limits:
  maxDeletions: 500                 # per run; a bigger plan is refused whole (exit 3)
  maxPercent: 10
plans:
  validFor: P30D
`;
}

/** The fixture's rows as JSON records: empty cells left out, flag columns as booleans. */
function asJsonRecords(csv, policyText) {
  const flags = new Set(parseYaml(policyText).rules.flatMap((rule) => rule.hold_while ?? []));
  return parseCsv(csv, { columns: true }).map((row) => {
    const { id, subject, category, created, location, ...rest } = row;
    const record = { id, subject: subject || null, category, created: created || null, location: location || null, events: {}, flags: {} };
    for (const [column, cell] of Object.entries(rest)) {
      if (cell === '') continue;
      if (flags.has(column)) record.flags[column] = cell === 'true';
      else record.events[column] = cell;
    }
    return record;
  });
}

/** Writes a mutated seed under a name of its own and returns the path. */
export function writeCase(dir, seed, index, bytes) {
  const file = path.join(dir, `${index}-${seed.name}`);
  writeFileSync(file, bytes);
  return file;
}
