/**
 * `explain RECORD-ID` over the fixtures: every matching rule with its own arithmetic, which one
 * governs, holds and flags, and the decision — the same decision `plan` makes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoStack, REPO } from './run-cli.js';
import { run } from './run-in-process.js';
import { errorCodes } from './error-codes.js';

const AS_OF = '2026-06-30';

function explain(pack: string, id: string, extra: string[] = []) {
  return run([
    'explain',
    id,
    '--policy',
    `policies/${pack}.yaml`,
    '--inventory',
    `fixtures/${pack}/inventory.csv`,
    '--as-of',
    AS_OF,
    ...extra,
  ]);
}

/** The text of a successful explain. */
async function explainText(pack: string, id: string): Promise<string> {
  const result = await explain(pack, id);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

function expectedDecision(pack: string, id: string): unknown {
  const expected = JSON.parse(readFileSync(path.join(REPO, 'fixtures', pack, 'expected.json'), 'utf8')) as {
    decisions: Record<string, unknown>;
  };
  return expected.decisions[id];
}

describe('explain (text)', () => {
  it('a record matched by two rules: both rules, their arithmetic, which governs, the decision', async () => {
    const text = await explainText('leading-lives', 'LL-04');
    expect(text).toContain('Matching rules (2)');
    expect(text).toMatch(/^\s+1\. care-records \(governs\) — /m);
    expect(text).toMatch(/^\s+2\. incident-log — /m);
    expect(text).toContain('service_ended 2023-10-31 + P6Y → kept until 2029-10-31');
    expect(text).toContain('incident_reported 2023-09-12 + P3Y → kept until 2026-09-12');
    expect(text).toMatch(/Precedence: .*care-records governs/);
    expect(text).toMatch(/^Decision: RETAINED — /m);
    expect(text).toContain('Kept until 2029-10-31; deletable from 2029-11-01.');
  });

  it('an ended consent rule and a longer contract rule: the erasure shows, the longer rule governs', async () => {
    const text = await explainText('wellbeing-concierge', 'WB-09');
    expect(text).toMatch(/^\s+\d\. support-records \(governs\)/m);
    expect(text).toMatch(/^\s+\d\. case-studies — /m);
    expect(text).toContain('case-studies: consent_withdrawn 2025-11-03 → due since 2025-11-03');
    expect(text).toContain('support_finished 2023-09-30 + P7Y → kept until 2030-09-30');
    expect(text).toMatch(/^Decision: RETAINED — /m);
  });

  it('a held record shows the flag that holds it, with the dates it would otherwise have', async () => {
    const text = await explainText('wellbeing-concierge', 'WB-02');
    expect(text).toContain('Flags: longer_retention_required=true');
    expect(text).toMatch(/held while: longer_retention_required/);
    expect(text).toMatch(/^Decision: HELD — .*longer_retention_required/m);
    expect(text).toContain('kept until 2026-03-01');
  });

  it('a record no rule matches says so, and is kept', async () => {
    const text = await explainText('leading-lives', 'LL-18');
    expect(text).toContain('No rule matches category "newsletter-mailing"');
    expect(text).not.toContain('Matching rules');
    expect(text).toMatch(/^Decision: UNMATCHED — /m);
  });

  it('a due record says whether a person must approve its deletion', async () => {
    expect(await explainText('leading-lives', 'LL-01')).toMatch(/^Decision: DUE — [\s\S]*^Approval: required/m);
    expect(await explainText('leading-lives', 'LL-14')).toMatch(/^Decision: DUE — [\s\S]*^Approval: automatic/m);
  });
});

describe('explain --format json', () => {
  it('carries the decision plan makes, and one evaluation per matching rule', async () => {
    const result = await explain('leading-lives', 'LL-04', ['--format', 'json']);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as {
      asOf: string;
      decision: {
        id: string;
        status: string;
        rule: string | null;
        rules: string[];
        retainUntil: string | null;
        eligibleFrom: string | null;
      };
      evaluations: { rule: string; retainUntil: string | null }[];
    };
    expect(body.asOf).toBe(AS_OF);
    const { id, status, rule, retainUntil, eligibleFrom } = body.decision;
    expect(id).toBe('LL-04');
    expect({ status, rule, retainUntil, eligibleFrom }).toEqual(expectedDecision('leading-lives', 'LL-04'));
    expect(body.decision.rules).toEqual(['care-records', 'incident-log']);
    expect(body.evaluations.map((e) => [e.rule, e.retainUntil])).toEqual([
      ['care-records', '2029-10-31'],
      ['incident-log', '2026-09-12'],
    ]);

    const plan = await run([
      'plan',
      '--policy',
      'policies/leading-lives.yaml',
      '--inventory',
      'fixtures/leading-lives/inventory.csv',
      '--as-of',
      AS_OF,
      '--format',
      'json',
    ]);
    const planned = (JSON.parse(plan.stdout) as { decisions: { id: string }[] }).decisions.find((d) => d.id === 'LL-04');
    expect(body.decision).toEqual(planned);
  });
});

describe('explain errors', () => {
  it('an unknown record id exits 2 and says which id and where it looked', async () => {
    const result = await explain('leading-lives', 'LL-99');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(errorCodes(result.stderr)).toEqual(['record.not-found']);
    expect(result.stderr).toMatch(/no record "LL-99" in fixtures\/leading-lives\/inventory\.csv/);
    expect(expectNoStack(result.stderr)).toBe(true);
  });

  it('an unknown --format exits 2', async () => {
    const result = await explain('leading-lives', 'LL-04', ['--format', 'table']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(errorCodes(result.stderr)).toEqual(['usage.bad-value']);
  });
});
