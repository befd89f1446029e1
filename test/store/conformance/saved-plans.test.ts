/** The saved plans part of the store contract: plans known by their SHA-256, approved once, by a named person. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { allEntries } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

const plan = {
  sha256: 'c'.repeat(64),
  asOf: '2025-03-01',
  policySha256: 'p'.repeat(64),
  validUntil: '2025-03-31',
  body: { decisions: [{ id: 'R-1' }] },
};

describeEachStore('saved plans', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('belong to a store whose random id is kept for its life', async () => {
    const id = await t.store.storeId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (await t.reopen('read')).storeId()).toBe(id);
  });

  it('names the plan saved last, approved or not (the HTML report compares with it)', async () => {
    expect(await t.store.latestSavedPlan()).toBeNull();
    await t.store.savePlan(plan);
    await t.store.savePlan({ ...plan, sha256: 'd'.repeat(64), asOf: '2025-04-01' });
    expect(await t.store.latestSavedPlan()).toMatchObject({ sha256: 'd'.repeat(64), asOf: '2025-04-01', body: plan.body });
  });

  it('saves a plan, records approvals with an approve entry, and lists approved plans', async () => {
    await t.store.savePlan(plan);
    await t.store.savePlan({ ...plan, sha256: 'd'.repeat(64) });
    expect(await t.store.getPlan(plan.sha256)).toMatchObject({ ...plan, storeId: await t.store.storeId() });
    expect(await t.store.approvedPlans()).toEqual([]);

    const { approval, recorded } = await t.store.approvePlan({ planSha256: plan.sha256, note: 'checked with Dr Who' }, { actor: 'dpo' });
    expect(recorded).toBe(true);
    expect(approval).toMatchObject({ planSha256: plan.sha256, approvedBy: 'dpo', note: 'checked with Dr Who' });
    const approved = await t.store.approvedPlans();
    expect(approved.map((a) => [a.plan.sha256, a.approvals.map((x) => x.approvedBy)])).toEqual([[plan.sha256, ['dpo']]]);

    const entries = await allEntries(t.store, { action: 'approve' });
    expect(entries.map((e) => [e.actor, e.policySha256, e.detail])).toEqual([
      ['dpo', plan.policySha256, { plan: plan.sha256, asOf: '2025-03-01' }],
    ]);
    expect(JSON.stringify(entries)).not.toContain('Dr Who');
  });

  it('keeps the first copy of a plan saved twice', async () => {
    await t.store.savePlan(plan);
    await t.store.savePlan({ ...plan, validUntil: '2099-12-31' });
    expect(await t.store.getPlan(plan.sha256)).toMatchObject({ validUntil: '2025-03-31' });
  });

  it('approving an approved plan again records nothing new and answers with the first approval', async () => {
    await t.store.savePlan(plan);
    const first = await t.store.approvePlan({ planSha256: plan.sha256 }, { actor: 'dpo' });
    const again = await t.store.approvePlan({ planSha256: plan.sha256, note: 'me too' }, { actor: 'someone else' });
    expect(again).toEqual({ approval: first.approval, recorded: false });
    expect((await t.store.approvedPlans())[0]?.approvals).toEqual([first.approval]);
    expect(await allEntries(t.store, { action: 'approve' })).toHaveLength(1);
  });

  it('refuses to approve a plan the store has not saved', async () => {
    await expect(t.store.approvePlan({ planSha256: 'e'.repeat(64) }, { actor: 'dpo' })).rejects.toMatchObject({ code: 'plan.not-found' });
    expect(await t.store.getPlan('e'.repeat(64))).toBeNull();
    expect(await t.store.auditHead()).toBeNull();
  });
});
