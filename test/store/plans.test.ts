import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allEntries, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(() => t.cleanup());

const plan = { sha256: 'c'.repeat(64), asOf: '2025-03-01', policySha256: 'p'.repeat(64), validUntil: '2025-03-31', body: { decisions: [{ id: 'R-1' }] } };

describe('saved plans', () => {
  it('saves a plan, records approvals with an approve entry, and lists approved plans', async () => {
    await t.store.savePlan(plan);
    await t.store.savePlan({ ...plan, sha256: 'd'.repeat(64) });
    expect(await t.store.getPlan(plan.sha256)).toMatchObject({ ...plan, storeId: await t.store.storeId() });
    expect(await t.store.approvedPlans()).toEqual([]);

    const { approval, recorded } = await t.store.approvePlan({ planSha256: plan.sha256, approvedBy: 'dpo', note: 'checked with Dr Who' });
    expect(recorded).toBe(true);
    expect(approval).toMatchObject({ planSha256: plan.sha256, approvedBy: 'dpo', note: 'checked with Dr Who' });
    const approved = await t.store.approvedPlans();
    expect(approved.map((a) => [a.plan.sha256, a.approvals.map((x) => x.approvedBy)])).toEqual([[plan.sha256, ['dpo']]]);

    const entries = await allEntries(t.store, { action: 'approve' });
    expect(entries.map((e) => [e.actor, e.policySha256, e.detail])).toEqual([['dpo', plan.policySha256, { plan: plan.sha256, asOf: '2025-03-01' }]]);
    expect(JSON.stringify(entries)).not.toContain('Dr Who');
  });

  it('approving an approved plan again records nothing new and answers with the first approval', async () => {
    await t.store.savePlan(plan);
    const first = await t.store.approvePlan({ planSha256: plan.sha256, approvedBy: 'dpo' });
    const again = await t.store.approvePlan({ planSha256: plan.sha256, approvedBy: 'someone else', note: 'me too' });
    expect(again).toEqual({ approval: first.approval, recorded: false });
    expect((await t.store.approvedPlans())[0]?.approvals).toEqual([first.approval]);
    expect(await allEntries(t.store, { action: 'approve' })).toHaveLength(1);
  });

  it('refuses to approve a plan the store has not saved', async () => {
    await expect(t.store.approvePlan({ planSha256: 'e'.repeat(64), approvedBy: 'dpo' })).rejects.toMatchObject({ code: 'plan.not-found' });
    expect(await t.store.getPlan('e'.repeat(64))).toBeNull();
  });
});
