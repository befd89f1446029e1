/** The holds part of the store contract: numbered, listed, released once, and logged without their reasons. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { allEntries } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

describeEachStore('holds', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  it('numbers holds, lists active ones and releases them', async () => {
    const h1 = await t.store.addHold({ scope: 'subject', ref: 'S-1', reason: 'claim by Jane Doe', until: null }, { actor: 'dpo' });
    const h2 = await t.store.addHold({ scope: 'category', ref: 'incident', reason: 'inquiry', until: '2026-01-31' }, { actor: 'dpo' });
    expect([h1.id, h2.id]).toEqual(['H-1', 'H-2']);
    expect(await t.store.activeHolds()).toEqual([h1, h2]);

    const released = await t.store.releaseHold('H-1', 'claim settled', { actor: 'dpo2' });
    expect(released).toEqual(h1);
    expect(await t.store.activeHolds()).toEqual([h2]);
    expect(await t.store.listHolds()).toHaveLength(1);
    const all = await t.store.listHolds({ includeReleased: true });
    expect(all[0]).toMatchObject({ id: 'H-1', releasedBy: 'dpo2', releaseReason: 'claim settled', createdBy: 'dpo' });
    expect(all[0]?.releasedAt).not.toBeNull();
  });

  it('refuses to release an unknown or already released hold', async () => {
    await t.store.addHold({ scope: 'record', ref: 'R-1', reason: 'r', until: null }, { actor: 'dpo' });
    await expect(t.store.releaseHold('H-9', 'x', { actor: 'dpo' })).rejects.toMatchObject({ code: 'hold.not-found' });
    await t.store.releaseHold('H-1', 'x', { actor: 'dpo' });
    await expect(t.store.releaseHold('H-1', 'x', { actor: 'dpo' })).rejects.toMatchObject({ code: 'hold.already-released' });
  });

  it('logs hold id, scope and ref, never the reason text', async () => {
    await t.store.addHold({ scope: 'record', ref: 'R-7', reason: 'claim by Jane Doe', until: '2026-01-01' }, { actor: 'dpo' });
    await t.store.releaseHold('H-1', 'Jane Doe withdrew', { actor: 'dpo' });
    const entries = await allEntries(t.store);
    expect(entries.map((e) => [e.action, e.actor, e.record, e.detail])).toEqual([
      ['hold', 'dpo', 'R-7', { hold: 'H-1', scope: 'record', ref: 'R-7', until: '2026-01-01' }],
      ['hold-release', 'dpo', 'R-7', { hold: 'H-1', scope: 'record', ref: 'R-7' }],
    ]);
    expect(JSON.stringify(entries)).not.toContain('Jane');
  });
});
