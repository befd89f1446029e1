/**
 * The README's walk-through "From a folder tree to a reviewed plan" (issue 12), run line by line
 * with the built command, as a new user with only a folder tree and a list of service-end dates
 * would: the commands are read from the README itself, so the manual cannot drift from what works.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { cli, REPO, tempDir } from './run-cli.js';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The commands of the walk-through's shell block, each split into words (single quotes kept together). */
function walkThroughCommands(): string[][] {
  const section = README.slice(README.indexOf('## From a folder tree to a reviewed plan'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? ''));
}

function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

describe('the README walk-through', () => {
  it('gets from a folder tree and a list of service-end dates to a reviewed plan', () => {
    const commands = walkThroughCommands();
    expect(commands.map((words) => words.slice(0, 3).join(' '))).toEqual([
      'retention init',
      'retention inventory scan',
      'retention inventory scan',
      'retention event import',
      'retention plan',
    ]);

    // The world the user has: a share with a folder per client, and the dates from the case system.
    const dir = fs.realpathSync(tempDir('retention-walk-'));
    const share = path.join(dir, 'casefiles');
    const put = (ref: string) => {
      fs.mkdirSync(path.dirname(path.join(share, ref)), { recursive: true });
      fs.writeFileSync(path.join(share, ref), ref);
    };
    put('clients/S-1/care-plan/2014/plan.pdf');
    put('clients/S-1/finance/invoice-1.pdf');
    put('clients/S-2/care-plan/plan.pdf');
    put('clients/S-3/health/summary.pdf');
    put('templates/blank-care-plan.docx');
    const work = path.join(dir, 'retention');
    fs.mkdirSync(work);
    fs.writeFileSync(
      path.join(work, 'service-ended.csv'),
      `subject,event,date\nS-1,service_ended,2015-02-10\nS-2,service_ended,${isoDaysAgo(30)}\n`,
    );

    const results = commands.map((words) => {
      const result = cli(words.slice(1), { cwd: work });
      expect(result.code, `${words.join(' ')}\n${result.stderr}`).toBe(0);
      if (words[1] === 'init') {
        // The step the walk-through asks of the user: declare the share under targets:.
        const config = path.join(work, 'retention.config.yaml');
        const text = fs.readFileSync(config, 'utf8');
        fs.writeFileSync(
          config,
          text.replace(/^targets:.*\n/m, (line) => `${line}  casefiles: { type: files, root: ${JSON.stringify(share)} }\n`),
        );
      }
      return result;
    });

    // The inventory to review: one record per file, and the file the template did not place.
    const scanned = parse<Record<string, string>>(fs.readFileSync(path.join(work, 'scanned.csv')), { columns: true });
    expect(scanned.map((r) => `${r.subject} ${r.category} ${r.location}`).sort()).toEqual([
      'S-1 care-plan casefiles:clients/S-1/care-plan/2014/plan.pdf',
      'S-1 finance casefiles:clients/S-1/finance/invoice-1.pdf',
      'S-2 care-plan casefiles:clients/S-2/care-plan/plan.pdf',
      'S-3 health casefiles:clients/S-3/health/summary.pdf',
    ]);
    expect(fs.readFileSync(path.join(work, 'unmatched.csv'), 'utf8')).toBe('path,reason\ntemplates/blank-care-plan.docx,no-match\n');
    expect(results[2]?.stderr).toMatch(/^casefiles: 4 records \(4 new, 0 updated, 0 unchanged\)/);
    expect(results[3]?.stderr).toBe('service-ended.csv: 2 rows: 2 new, 0 already recorded\n');

    // The reviewed plan: S-1's records are due (six years after 2015), S-2's kept, S-3's waiting for a date.
    const plan = results[4]?.stdout ?? '';
    expect(plan).toMatch(/due/i);
    const json = JSON.parse(cli(['plan', '--format', 'json'], { cwd: work }).stdout) as { decisions: { id: string; status: string }[] };
    const byLocation = new Map(scanned.map((r) => [r.id, r.location]));
    const statuses = json.decisions.map((d) => `${byLocation.get(d.id)} ${d.status}`).sort();
    expect(statuses).toEqual([
      'casefiles:clients/S-1/care-plan/2014/plan.pdf due',
      'casefiles:clients/S-1/finance/invoice-1.pdf due',
      'casefiles:clients/S-2/care-plan/plan.pdf retained',
      'casefiles:clients/S-3/health/summary.pdf pending',
    ]);
  });
});
