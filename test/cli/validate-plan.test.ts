/**
 * `validate` and `plan` as a user sees them: the commands over the five policy packs and
 * their hand-worked fixtures (fixtures/README.md), in every output format.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, tempDir, type CliResult } from './run-cli.js';
import { run } from './run-in-process.js';

const AS_OF = '2026-06-30';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// eslint-disable-next-line no-control-regex -- the escape character is exactly what these tests look for
const ANSI = /\u001b\[/;
const PACKS = readdirSync(path.join(REPO, 'fixtures'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const DECISION_MEMBERS = [
  'id',
  'subject',
  'category',
  'status',
  'rule',
  'rules',
  'trigger',
  'retainUntil',
  'eligibleFrom',
  'approval',
  'reason',
];
const CSV_HEADER = [
  'id',
  'subject',
  'category',
  'status',
  'rule',
  'rules',
  'trigger_event',
  'trigger_date',
  'retainUntil',
  'eligibleFrom',
  'approval',
  'reason',
];

interface Decision {
  id: string;
  subject: string | null;
  category: string;
  status: string;
  rule: string | null;
  rules: string[];
  trigger: { event: string | null; date: string | null };
  retainUntil: string | null;
  eligibleFrom: string | null;
  approval: string;
  reason: string;
}
interface Plan {
  asOf: string;
  policy: { file: string; sha256: string };
  summary: { records: number; byStatus: Record<string, number> };
  decisions: Decision[];
}
type Expected = Record<string, { status: string; rule: string | null; retainUntil: string | null; eligibleFrom: string | null }>;

const policyOf = (pack: string) => `policies/${pack}.yaml`;
const inventoryOf = (pack: string) => `fixtures/${pack}/inventory.csv`;
const expectedOf = (pack: string): Expected =>
  (JSON.parse(readFileSync(path.join(REPO, 'fixtures', pack, 'expected.json'), 'utf8')) as { decisions: Expected }).decisions;
const idsWith = (expected: Expected, status: string) =>
  Object.keys(expected)
    .filter((id) => expected[id]!.status === status)
    .sort();

function plan(pack: string, extra: string[], inventory = inventoryOf(pack)): Promise<CliResult> {
  return run(['plan', '--policy', policyOf(pack), '--inventory', inventory, '--as-of', AS_OF, ...extra]);
}

/** A successful JSON plan: exit 0, nothing on stderr. */
async function planJson(pack: string, extra: string[] = [], inventory?: string): Promise<Plan> {
  const result = await plan(pack, ['--format', 'json', ...extra], inventory);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Plan;
}

/** Record id → shown status, from the first line of each row of the records table (the summary table follows its '┘'). */
/** Record id → the status it is listed under in the table format (one table per status, under "due: 3 records"). */
function tableRows(stdout: string): Map<string, string> {
  const rows = new Map<string, string>();
  let status: string | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('│')) status = /^([a-z]+): \d+ records?$/.exec(line)?.[1] ?? (/^[┌├└]/.test(line) ? status : undefined);
    const id = /^│ (\S+)\s+│/.exec(line)?.[1];
    if (status && id && id !== 'record') rows.set(id, status);
  }
  return rows;
}

describe('validate', () => {
  for (const pack of PACKS) {
    it(`${pack}: exit 0, names the organisation and every rule id`, async () => {
      const doc = parseYaml(readFileSync(path.join(REPO, policyOf(pack)), 'utf8')) as { organisation: string; rules: { id: string }[] };
      const result = await run(['validate', '--policy', policyOf(pack)]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(doc.organisation);
      expect(doc.rules.length).toBeGreaterThan(0);
      for (const rule of doc.rules) expect(result.stdout).toMatch(new RegExp(`^\\s+${rule.id}: `, 'm'));
    });
  }
});

describe('plan over the fixtures', () => {
  for (const pack of PACKS) {
    describe(pack, () => {
      const expected = expectedOf(pack);
      let baseline: Promise<Plan> | undefined;
      /** The plan as json with no other flags, run once and shared by the tests that compare with it. */
      const baselinePlan = () => (baseline ??= planJson(pack));

      it('--format json: the contract members, the expected decision for every record, a consistent summary', async () => {
        const result = await baselinePlan();
        expect(Object.keys(result)).toEqual(['asOf', 'policy', 'summary', 'decisions']);
        expect(result.asOf).toBe(AS_OF);
        expect(Object.keys(result.policy).sort()).toEqual(['file', 'sha256']);
        expect(result.policy.file).toBe(policyOf(pack));
        expect(result.policy.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(result.policy.sha256).toBe(
          createHash('sha256')
            .update(readFileSync(path.join(REPO, policyOf(pack))))
            .digest('hex'),
        );

        for (const d of result.decisions) {
          expect(Object.keys(d).sort()).toEqual([...DECISION_MEMBERS].sort());
          expect(Object.keys(d.trigger).sort()).toEqual(['date', 'event']);
          for (const date of [d.trigger.date, d.retainUntil, d.eligibleFrom]) if (date !== null) expect(date).toMatch(DATE);
        }
        const actual = Object.fromEntries(
          result.decisions.map((d) => [d.id, { status: d.status, rule: d.rule, retainUntil: d.retainUntil, eligibleFrom: d.eligibleFrom }]),
        );
        expect(result.decisions).toHaveLength(Object.keys(expected).length);
        expect(actual).toEqual(expected);

        expect(result.summary.records).toBe(result.decisions.length);
        for (const [status, count] of Object.entries(result.summary.byStatus)) {
          expect(count, status).toBe(result.decisions.filter((d) => d.status === status).length);
        }
        expect(Object.values(result.summary.byStatus).reduce((a, b) => a + b, 0)).toBe(result.decisions.length);
      });

      it('--format ndjson: one decision per line, the same as json', async () => {
        const result = await plan(pack, ['--format', 'ndjson']);
        expect(result.code).toBe(0);
        expect(result.stdout.endsWith('\n')).toBe(true);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines.map((l) => JSON.parse(l) as Decision)).toEqual((await baselinePlan()).decisions);
      });

      it('--format csv: a header row, then one row per record agreeing with json', async () => {
        const result = await plan(pack, ['--format', 'csv']);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/\r\n$/);
        const [header, ...rows] = parseCsv(result.stdout);
        expect(header).toEqual(CSV_HEADER);
        const flatten = (d: Decision) =>
          [
            d.id,
            d.subject,
            d.category,
            d.status,
            d.rule,
            d.rules.join(' '),
            d.trigger.event,
            d.trigger.date,
            d.retainUntil,
            d.eligibleFrom,
            d.approval,
            d.reason,
          ].map((v) => v ?? '');
        expect(rows).toEqual((await baselinePlan()).decisions.map(flatten));
      });

      it('--format table: lists the due records, ends with the summary line, no colour off a terminal', async () => {
        const env = { NO_COLOR: undefined, FORCE_COLOR: undefined };
        for (const result of [
          await plan(pack, []),
          await run(['plan', '--policy', policyOf(pack), '--inventory', inventoryOf(pack), '--as-of', AS_OF], { env }),
        ]) {
          expect(result.code).toBe(0);
          expect(result.stdout).not.toMatch(ANSI);
          expect(result.stderr).not.toMatch(ANSI);
          const rows = tableRows(result.stdout);
          for (const id of idsWith(expected, 'due')) expect(rows.get(id), id).toBe('due');
          const due = idsWith(expected, 'due').length;
          // The summary sentence after the last table, wrapped to the width.
          const lastLine = result.stdout.trimEnd().split('┘').at(-1)?.trim().replace(/\n/g, ' ');
          expect(lastLine).toMatch(new RegExp(`^${Object.keys(expected).length} records: ${due} due\\b.*\\d+ unmatched\\.$`));
        }
      });

      it('--format html: one self-contained page naming every due, held, review and unmatched record', async () => {
        const result = await plan(pack, ['--format', 'html']);
        expect(result.code).toBe(0);
        expect(result.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
        // Nothing to fetch: no script, style sheet or image element, no src/href to the network.
        expect(result.stdout).not.toMatch(/<(script|link|img)\b|(src|href)\s*=\s*"?https?:/i);
        const summary = (await baselinePlan()).summary;
        expect(result.stdout).toContain(`<title>Retention report — `);
        for (const status of ['due', 'held', 'review', 'unmatched']) {
          for (const id of idsWith(expected, status)) expect(result.stdout, `${status} ${id}`).toContain(`<code>${id}</code>`);
        }
        expect(summary.byStatus.due).toBe(idsWith(expected, 'due').length);
      });

      it('--status due,review lists only those, while the summary counts every record', async () => {
        const result = await planJson(pack, ['--status', 'due,review']);
        expect(result.decisions.map((d) => d.id).sort()).toEqual([...idsWith(expected, 'due'), ...idsWith(expected, 'review')].sort());
        expect(result.summary.records).toBe(Object.keys(expected).length);
        for (const status of ['due', 'review', 'retained', 'pending', 'unmatched', 'held', 'indefinite']) {
          expect(result.summary.byStatus[status], status).toBe(idsWith(expected, status).length);
        }
      });

      it('--horizon P1Y: retained records eligible within a year are upcoming, later ones are not', async () => {
        const retained = idsWith(expected, 'retained');
        const within = retained.filter((id) => expected[id]!.eligibleFrom! <= '2027-06-30');
        const beyond = retained.filter((id) => !within.includes(id));
        expect(within.length).toBeGreaterThan(0);
        expect(beyond.length).toBeGreaterThan(0);

        const upcoming = (await planJson(pack, ['--status', 'upcoming', '--horizon', 'P1Y'])).decisions;
        expect(upcoming.map((d) => d.id).sort()).toEqual(within);

        const table = await plan(pack, ['--horizon', 'P1Y']);
        expect(table.code).toBe(0);
        const rows = tableRows(table.stdout);
        for (const id of within) expect(rows.get(id), id).toBe('upcoming');
        for (const id of beyond) expect(rows.has(id), id).toBe(false);
        expect(table.stdout).toMatch(new RegExp(`${within.length} upcoming by 2027-06-30 \\(P1Y\\)`));

        // The flag matters: the default three months see less far ahead.
        const later = within.filter((id) => expected[id]!.eligibleFrom! > '2026-09-30');
        const byDefault = tableRows((await plan(pack, [])).stdout);
        for (const id of later) expect(byDefault.has(id), id).toBe(false);
      });

      it('a later --as-of only ever turns more records due', async () => {
        const now = await baselinePlan();
        const later = await run([
          'plan',
          '--policy',
          policyOf(pack),
          '--inventory',
          inventoryOf(pack),
          '--as-of',
          '2030-01-01',
          '--format',
          'json',
        ]);
        expect(later.code).toBe(0);
        const statusLater = new Map((JSON.parse(later.stdout) as Plan).decisions.map((d) => [d.id, d.status]));
        const dueNow = now.decisions.filter((d) => d.status === 'due').map((d) => d.id);
        for (const id of dueNow) expect(statusLater.get(id), id).toBe('due');
        expect([...statusLater.values()].filter((s) => s === 'due').length).toBeGreaterThan(dueNow.length);
      });

      it('JSON Lines and JSON-array copies of the inventory give the same decisions', async () => {
        const dir = tempDir();
        const records = csvToJsonRecords(readFileSync(path.join(REPO, inventoryOf(pack)), 'utf8'));
        const jsonl = path.join(dir, 'inventory.jsonl');
        const json = path.join(dir, 'inventory.json');
        writeFileSync(jsonl, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
        writeFileSync(json, JSON.stringify(records, null, 2));
        const fromCsv = (await baselinePlan()).decisions;
        expect((await planJson(pack, [], jsonl)).decisions).toEqual(fromCsv);
        expect((await planJson(pack, [], json)).decisions).toEqual(fromCsv);
      });
    });
  }
});

/** A fixture CSV as DESIGN §5 JSON records: extra columns are event dates, or flags when true/false. */
function csvToJsonRecords(text: string): Record<string, unknown>[] {
  const rows = parseCsv<Record<string, string>>(text, { columns: true });
  return rows.map(({ id, subject, category, created, location, ...rest }) => {
    const events: Record<string, string> = {};
    const flags: Record<string, boolean> = {};
    for (const [name, value] of Object.entries(rest)) {
      if (value === 'true' || value === 'false') flags[name] = value === 'true';
      else if (value !== '') events[name] = value;
    }
    return { id, subject, category, created, location, events, flags };
  });
}

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('plan --format table on a terminal', () => {
  /** Runs the CLI under a pseudo-terminal (util-linux `script`), where colour is allowed. */
  function onTerminal(env: NodeJS.ProcessEnv): string {
    const args = ['plan', '--policy', policyOf('leading-lives'), '--inventory', inventoryOf('leading-lives'), '--as-of', AS_OF];
    const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    return result.stdout;
  }

  it('fits $COLUMNS when it is not on a terminal', async () => {
    const result = await run(
      ['plan', '--policy', policyOf('leading-lives'), '--inventory', inventoryOf('leading-lives'), '--as-of', AS_OF],
      { env: { COLUMNS: '72' } },
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => [...line].length > 72)).toEqual([]);
    expect(Math.max(...lines.map((line) => [...line].length))).toBe(72);
  });

  it.skipIf(!hasScript)('is coloured on a terminal, and not with NO_COLOR', () => {
    expect(onTerminal({})).toMatch(ANSI);
    const plain = onTerminal({ NO_COLOR: '1' });
    expect(plain).toContain('LL-01');
    expect(plain).not.toMatch(ANSI);
  });
});
