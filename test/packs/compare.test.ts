/**
 * Policy impact on a shipped pack (issue 12, "done means"): Leading Lives' care-records rule
 * going from six to seven years after service_ended changes exactly the care-records records
 * that have a service_ended date — each kept one year longer, the one due as of 2026-06-30 no
 * longer due — and nothing else (fixtures/leading-lives/expected.json gives the old dates).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requirePolicy } from '../../src/policy/load.js';
import { recordsFromInventory } from '../../src/planner/record-source.js';
import { planAndSave } from '../../src/saved-plans/plan-and-save.js';
import { tempDir } from '../cli/run-cli.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const PACK = path.join(REPO, 'policies', 'leading-lives.yaml');
const INVENTORY = path.join(REPO, 'fixtures', 'leading-lives', 'inventory.csv');
const AS_OF = '2026-06-30';

/** The pack with care-records' period changed, and nothing else. */
function packWithCareRecordsFor(period: string): string {
  const text = readFileSync(PACK, 'utf8');
  const rule = text.indexOf('- id: care-records');
  const next = text.indexOf('- id:', rule + 1);
  const changed = text
    .slice(rule, next)
    .replace('retain: { from: service_ended, for: P6Y }', `retain: { from: service_ended, for: ${period} }`);
  expect(changed).not.toBe(text.slice(rule, next));
  const file = path.join(tempDir('retention-compare-'), `leading-lives-${period}.yaml`);
  writeFileSync(file, text.slice(0, rule) + changed + text.slice(next));
  return file;
}

async function compare(oldFile: string, newFile: string) {
  const [older, newer] = await Promise.all([requirePolicy(oldFile), requirePolicy(newFile)]);
  const records = await recordsFromInventory(INVENTORY, newer.policy);
  try {
    const { impact } = await planAndSave(
      { policy: newer.policy, records, window: { asOf: AS_OF, horizonEnd: AS_OF }, saveAs: null, compareWith: { ...older, file: oldFile } },
      () => undefined,
    );
    if (impact === null) throw new Error('no comparison');
    return impact;
  } finally {
    await records.close();
  }
}

describe('plan --compare on the Leading Lives pack', () => {
  it('P6Y → P7Y for care-records: exactly the four dated care records change, each one year longer, LL-01 no longer due', async () => {
    const impact = await compare(PACK, packWithCareRecordsFor('P7Y'));
    expect(impact.records).toBe(19);
    expect(impact.changedRecords).toEqual([
      {
        id: 'LL-01',
        subject: 'S-401',
        category: 'care-plan',
        before: { status: 'due', rule: 'care-records', retainUntil: '2026-06-29', approval: 'required' },
        after: { status: 'retained', rule: 'care-records', retainUntil: '2027-06-29', approval: 'required' },
        changes: ['no longer due', 'kept 1 year longer'],
      },
      {
        id: 'LL-02',
        subject: 'S-402',
        category: 'health',
        before: { status: 'retained', rule: 'care-records', retainUntil: '2027-01-15', approval: 'required' },
        after: { status: 'retained', rule: 'care-records', retainUntil: '2028-01-15', approval: 'required' },
        changes: ['kept 1 year longer'],
      },
      {
        id: 'LL-04',
        subject: 'S-404',
        category: 'incident',
        before: { status: 'retained', rule: 'care-records', retainUntil: '2029-10-31', approval: 'required' },
        after: { status: 'retained', rule: 'care-records', retainUntil: '2030-10-31', approval: 'required' },
        changes: ['kept 1 year longer'],
      },
      {
        id: 'LL-19',
        subject: 'S-419',
        category: 'incident',
        before: { status: 'retained', rule: 'care-records', retainUntil: '2029-03-01', approval: 'required' },
        after: { status: 'retained', rule: 'care-records', retainUntil: '2030-03-01', approval: 'required' },
        changes: ['kept 1 year longer'],
      },
    ]);
    expect(impact.lines).toEqual(['care-records: 4 records kept 1 year longer; 1 no longer due']);
  });

  it('the other way (P7Y → P6Y) says the same records are kept one year less and LL-01 is now due', async () => {
    const impact = await compare(packWithCareRecordsFor('P7Y'), PACK);
    expect(impact.changedRecords.map((r) => r.id)).toEqual(['LL-01', 'LL-02', 'LL-04', 'LL-19']);
    expect(impact.lines).toEqual(['care-records: 4 records kept 1 year less; 1 now due']);
  });

  it('the same policy changes nothing', async () => {
    const impact = await compare(PACK, PACK);
    expect(impact).toMatchObject({ records: 19, changed: 0, lines: [], changedRecords: [] });
  });
});
