import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allEntries, tempStore, type TempStore } from './helpers.js';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(() => t.cleanup());

describe('holds', () => {
  it('numbers holds, lists active ones and releases them', async () => {
    const h1 = await t.store.addHold({ scope: 'subject', ref: 'S-1', reason: 'claim by Jane Doe', until: null }, 'dpo');
    const h2 = await t.store.addHold({ scope: 'category', ref: 'incident', reason: 'inquiry', until: '2026-01-31' }, 'dpo');
    expect([h1.id, h2.id]).toEqual(['H-1', 'H-2']);
    expect(await t.store.activeHolds()).toEqual([h1, h2]);

    const released = await t.store.releaseHold('H-1', 'claim settled', 'dpo2');
    expect(released).toEqual(h1);
    expect(await t.store.activeHolds()).toEqual([h2]);
    expect(await t.store.listHolds()).toHaveLength(1);
    const all = await t.store.listHolds({ includeReleased: true });
    expect(all[0]).toMatchObject({ id: 'H-1', releasedBy: 'dpo2', releaseReason: 'claim settled', createdBy: 'dpo' });
    expect(all[0]?.releasedAt).not.toBeNull();
  });

  it('refuses to release an unknown or already released hold', async () => {
    await t.store.addHold({ scope: 'record', ref: 'R-1', reason: 'r', until: null }, 'dpo');
    await expect(t.store.releaseHold('H-9', 'x', 'dpo')).rejects.toMatchObject({ code: 'hold.not-found' });
    await t.store.releaseHold('H-1', 'x', 'dpo');
    await expect(t.store.releaseHold('H-1', 'x', 'dpo')).rejects.toMatchObject({ code: 'hold.already-released' });
  });

  it('logs hold id, scope and ref, never the reason text', async () => {
    await t.store.addHold({ scope: 'record', ref: 'R-7', reason: 'claim by Jane Doe', until: '2026-01-01' }, 'dpo');
    await t.store.releaseHold('H-1', 'Jane Doe withdrew', 'dpo');
    const entries = await allEntries(t.store);
    expect(entries.map((e) => [e.action, e.record, e.detail])).toEqual([
      ['hold', 'R-7', { hold: 'H-1', scope: 'record', ref: 'R-7', until: '2026-01-01' }],
      ['hold-release', 'R-7', { hold: 'H-1', scope: 'record', ref: 'R-7' }],
    ]);
    expect(JSON.stringify(entries)).not.toContain('Jane');
  });
});
