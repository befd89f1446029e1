/**
 * Every policy pack, evaluated over its fixture inventory as of the fixed date in its
 * expected.json, must give exactly the decisions worked out by hand (fixtures/README.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requirePolicy } from '../../src/policy/load.js';
import { readAllInventory } from '../../src/inventory/read.js';
import { decide } from '../../src/engine/decide.js';
import { flagNamesOf } from '../../src/policy/names.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const packs = readdirSync(path.join(REPO, 'fixtures'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

interface Expected {
  policy: string;
  asOf: string;
  decisions: Record<string, { status: string; rule: string | null; retainUntil: string | null; eligibleFrom: string | null }>;
}

describe('policy packs over their fixture inventories', () => {
  it('has a fixture for each of the five packs', () => {
    expect(packs.sort()).toEqual(
      readdirSync(path.join(REPO, 'policies'))
        .map((f) => f.replace(/\.yaml$/, ''))
        .sort(),
    );
  });

  for (const pack of packs) {
    it(`${pack}: every record gets its expected decision`, async () => {
      const expected = JSON.parse(readFileSync(path.join(REPO, 'fixtures', pack, 'expected.json'), 'utf8')) as Expected;
      const { policy, warnings } = await requirePolicy(path.join(REPO, expected.policy));
      expect(warnings.filter((w) => w.severity === 'error')).toEqual([]);
      const records = await readAllInventory(path.join(REPO, 'fixtures', pack, 'inventory.csv'), { flagNames: flagNamesOf(policy) });
      expect(records.map((r) => r.id).sort()).toEqual(Object.keys(expected.decisions).sort());
      const actual = Object.fromEntries(
        records.map((record) => {
          const d = decide(policy, { record, subjectEvents: {}, tombstone: null }, [], expected.asOf);
          return [d.id, { status: d.status, rule: d.rule, retainUntil: d.retainUntil, eligibleFrom: d.eligibleFrom }];
        }),
      );
      expect(actual).toEqual(expected.decisions);
    });

    it(`${pack}: every rule is exercised by some record`, async () => {
      const expected = JSON.parse(readFileSync(path.join(REPO, 'fixtures', pack, 'expected.json'), 'utf8')) as Expected;
      const { policy } = await requirePolicy(path.join(REPO, expected.policy));
      const records = await readAllInventory(path.join(REPO, 'fixtures', pack, 'inventory.csv'), { flagNames: flagNamesOf(policy) });
      const matched = new Set(
        records.flatMap((record) => decide(policy, { record, subjectEvents: {}, tombstone: null }, [], expected.asOf).rules),
      );
      expect([...matched].sort()).toEqual(policy.rules.map((r) => r.id).sort());
    });
  }
});
