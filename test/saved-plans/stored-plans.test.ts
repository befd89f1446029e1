/**
 * A saved plan's body is checked when it is read back from the store, not cast (issue 9.3): the
 * nightly run carries out approved plans from the store, and a body changed outside the tool
 * must stop it as damage (exit 2, nothing deleted), never be trusted or crash as a bug.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carryOutRules } from '../../src/apply/carry-out.js';
import { PLAN_FORMAT, type PlanFile } from '../../src/saved-plans/plan-file.js';
import { tempStore, type TempStore } from '../store/helpers.js';

const POLICY_SHA = 'ab'.repeat(32);
const TODAY = '2026-07-01';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(() => t.cleanup());

async function approvedInStore(sha256: string, body: unknown): Promise<void> {
  await t.store.savePlan({ sha256, asOf: '2026-06-30', policySha256: POLICY_SHA, validUntil: '2026-07-30', body });
  await t.store.approvePlan({ planSha256: sha256 }, { actor: 'Dee Pio' });
}

async function planBody(records: PlanFile['records']): Promise<PlanFile> {
  return {
    format: PLAN_FORMAT,
    createdAt: '2026-06-30T12:00:00.000Z',
    asOf: '2026-06-30',
    validUntil: '2026-07-30',
    policy: { file: 'policy.yaml', sha256: POLICY_SHA },
    store: { id: await t.store.storeId() },
    records,
  };
}

const due = (id: string): PlanFile['records'][number] => ({
  id,
  subject: 'S-1',
  category: 'care-plan',
  rule: 'care-records',
  retainUntil: '2025-03-15',
  eligibleFrom: '2025-03-16',
  approval: 'required',
  reason: 'due',
});

describe('approved plans read back from the store', () => {
  it('are carried out by the nightly run when their body is the plan that was saved', async () => {
    await approvedInStore('1'.repeat(64), await planBody([due('R-1'), due('R-2')]));
    await expect(carryOutRules(t.store, undefined, { policySha256: POLICY_SHA, today: TODAY })).resolves.toEqual({
      automatic: true,
      plans: [{ sha256: '1'.repeat(64), createdAt: expect.any(String), records: [due('R-1'), due('R-2')] }],
    });
  });

  it.each([
    ['a body with no records', async () => ({ ...(await planBody([])), records: undefined })],
    ['a record id that is not text', async () => ({ ...(await planBody([])), records: [{ ...due('R-1'), id: 42 }] })],
    ['a body that is not a plan at all', async () => 'DELETE EVERYTHING'],
  ])('stop the run as a damaged store: %s', async (_, body) => {
    await approvedInStore('2'.repeat(64), await body());
    await expect(carryOutRules(t.store, undefined, { policySha256: POLICY_SHA, today: TODAY })).rejects.toMatchObject({
      code: 'store.damaged',
      exitCode: 2,
      data: { plan: '2'.repeat(64) },
    });
  });
});
