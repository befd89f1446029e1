/** `hold add` says how many records a hold keeps today, and why none when none (issue 9.1: in the domain, as data). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeHold } from '../../src/holds/place-hold.js';
import { policy, rule } from '../engine/builders.js';
import { record, tempStore, type TempStore } from '../store/helpers.js';

const POLICY = policy([rule('care', { categories: ['care-plan', 'incident'] })]);
const TODAY = '2026-06-30';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
  await t.store.importRecords([record('R-1'), record('R-2'), record('R-3', { subject: 'S-2', category: 'incident' })], { actor: 'admin' });
});
afterEach(() => t.cleanup());

const place = (scope: 'record' | 'subject' | 'category', ref: string, until: string | null = null) =>
  placeHold(t.store, { scope, ref, reason: 'claim expected', until }, 'Dee Pio', { today: TODAY, policy: POLICY, isManual: () => null });

describe('placeHold', () => {
  it('counts the live records in its scope', async () => {
    expect((await place('subject', 'S-1')).reach).toEqual({ count: 2, why: null });
    expect((await place('category', 'incident')).reach).toEqual({ count: 1, why: null });
  });

  it('is placed even when it holds nothing today, saying why', async () => {
    expect((await place('record', 'R-1', '2026-01-01')).reach).toEqual({ count: 0, why: 'expired', guess: null });
    expect((await place('record', 'R-404')).reach).toEqual({ count: 0, why: 'nothing-in-scope', guess: null });
    expect((await place('category', 'incidnet')).reach).toEqual({ count: 0, why: 'nothing-in-scope', guess: 'incident' });
    expect((await t.store.activeHolds()).map((h) => h.ref)).toEqual(['R-1', 'R-404', 'incidnet']);
  });
});
