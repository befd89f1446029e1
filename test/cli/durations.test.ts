/**
 * Durations on the command line and in the config have the same cap as in a policy (review
 * finding C4): `--horizon` at most 1000 years, a saved plan's validity (`--valid-for`,
 * `plans.validFor`) at most a year — usage or config errors with exit 2, never exit 70.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../fixtures.js';
import { AS_OF, ENDED_LONG_AGO, createWorld, expectRefused, setUp } from './world.js';
import { errorCodes } from './error-codes.js';

describe('duration flags', () => {
  it.each([
    ['--horizon', ['plan', '--as-of', AS_OF, '--horizon', 'P100000000M'], /--horizon "P100000000M" is longer than 1000 years/],
    [
      '--valid-for',
      ['plan', '--as-of', AS_OF, '--out', 'p.json', '--valid-for', 'P100000000M'],
      /--valid-for "P100000000M" is longer than 1000 years/,
    ],
    [
      '--valid-for',
      ['plan', '--as-of', AS_OF, '--out', 'p.json', '--valid-for', 'P99999Y'],
      /--valid-for "P99999Y" is longer than 1000 years/,
    ],
    [
      '--valid-for',
      ['plan', '--as-of', AS_OF, '--out', 'p.json', '--valid-for', 'P2Y'],
      /--valid-for "P2Y" is longer than 1 year, the longest a saved plan may stay valid/,
    ],
    // As of 2026-06-30 a year runs to 2027-06-30: 366 days run one day past it, as P1Y1D does.
    [
      '--valid-for',
      ['plan', '--as-of', AS_OF, '--out', 'p.json', '--valid-for', 'P366D'],
      /--valid-for "P366D" is longer than 1 year, .*\(as of 2026-06-30 it would run to 2027-07-01, after 2027-06-30\)/,
    ],
    [
      '--valid-for',
      ['plan', '--as-of', AS_OF, '--out', 'p.json', '--valid-for', 'P1Y1D'],
      /--valid-for "P1Y1D" is longer than 1 year, .*\(as of 2026-06-30 it would run to 2027-07-01, after 2027-06-30\)/,
    ],
  ])('%s past its cap is a usage error', async (_flag, args, wording) => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    expectRefused(await w.run(args), 'usage.bad-value', wording);
    expect(fs.existsSync(path.join(w.dir, 'p.json'))).toBe(false);
  });
});

describe('a policy with a duration past the cap', () => {
  it('fails validate and plan with file:line:col, exit 2', async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    const policy = fixturePath('policy', 'duration-cap', 'huge-durations.yaml');
    for (const command of ['validate', 'plan']) {
      const result = await w.run([command, '--policy', policy]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/huge-durations\.yaml:8:41: retain\.for "P100000000M" in rule "months" is longer than 1000 years/);
      expect(errorCodes(result.stderr)).toContain('policy.bad-duration');
    }
  });
});

describe('plans.validFor in the config', () => {
  it("that runs past a year from the plan's as-of date refuses plan --out, as the flag would", async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    const config = path.join(w.dir, 'retention.config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('plans: { validFor: P1Y }', 'plans: { validFor: P366D }'));
    expectRefused(
      await w.run(['plan', '--as-of', AS_OF, '--out', 'p.json']),
      'usage.bad-value',
      /plans\.validFor "P366D" is longer than 1 year/,
    );
    expect(fs.existsSync(path.join(w.dir, 'p.json'))).toBe(false);
  });

  it('longer than a year is a config error at its line', async () => {
    const w = createWorld();
    const config = path.join(w.dir, 'retention.config.yaml');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('plans: { validFor: P1Y }', 'plans: { validFor: P99999Y }'));
    const result = await w.run(['validate']);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['config.bad-duration']);
    expect(result.stderr).toMatch(/retention\.config\.yaml:\d+:\d+: plans\.validFor "P99999Y" is longer than 1000 years/);
  });
});
