/**
 * `confirm`'s guards, in the domain (issue 9.1): only a due record on a manual target that an
 * apply run put on the destruction worklist may be recorded as destroyed; each refusal has its
 * code and records nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmDestruction, type ConfirmationRequest } from '../../src/apply/confirm.js';
import type { TargetConfig } from '../../src/config/load.js';
import { DEFAULT_DESTRUCTION_METHODS } from '../../src/config/schema.js';
import { policy, retainFrom, rule } from '../engine/builders.js';
import { collect, record, tempStore, type TempStore } from '../store/helpers.js';

const POLICY = policy([
  rule('paper-forms', { categories: ['paper-form'], retain: retainFrom('service_ended', 'P1Y'), approval: 'automatic' }),
]);
const TARGETS: ReadonlyMap<string, TargetConfig> = new Map<string, TargetConfig>([
  ['paper', { type: 'manual' }],
  ['casefiles', { type: 'files', root: 'files' }],
]);
const paper = (id: string, location = `paper:box-1/${id}`) =>
  record(id, { category: 'paper-form', location, events: { service_ended: '2020-01-01' } });

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
  await t.store.importRecords([paper('P-1'), paper('P-2'), paper('F-1', 'casefiles:a/F-1.txt')], { actor: 'admin' });
  // An apply run put P-1 on the worklist; P-2 is due but no run has listed it yet.
  await t.store.recordIntents([{ record: paper('P-1'), rule: 'paper-forms', target: 'paper' }], {
    actor: 'cron',
    run: 'run-1',
    policySha256: null,
  });
});
afterEach(() => t.cleanup());

const request = (recordId: string, fields: Partial<ConfirmationRequest> = {}): ConfirmationRequest => ({
  recordId,
  by: 'A. Clerk',
  method: 'cross-cut shredder',
  methods: DEFAULT_DESTRUCTION_METHODS,
  note: null,
  policy: POLICY,
  policySha256: 'ab'.repeat(32),
  asOf: '2026-06-30',
  targets: TARGETS,
  ...fields,
});

async function expectRefusal(recordId: string, expected: object, fields: Partial<ConfirmationRequest> = {}): Promise<void> {
  const before = await collect(t.store.auditEntries());
  await expect(confirmDestruction(t.store, request(recordId, fields))).rejects.toMatchObject(expected);
  expect(await collect(t.store.auditEntries())).toEqual(before);
}

describe('confirmDestruction', () => {
  it('records a due worklist record on a manual target as destroyed, by the person, with the method', async () => {
    await confirmDestruction(t.store, request('P-1', { note: 'bag 41' }));
    const [confirmed] = await collect(t.store.auditEntries({ action: 'confirm' }));
    expect(confirmed).toMatchObject({ actor: 'A. Clerk', record: 'P-1', run: 'run-1', detail: { method: 'cross-cut shredder' } });
    expect(await t.store.getFacts('P-1')).toBeNull();
  });

  it('refuses a record on a target that apply deletes', () =>
    expectRefusal('F-1', { code: 'confirm.not-manual', data: { record: 'F-1', target: 'casefiles' } }));

  it('refuses a due paper record no apply run has put on the worklist', () =>
    expectRefusal('P-2', { code: 'confirm.not-on-worklist', data: { record: 'P-2' } }));

  it('refuses a worklist record that is held now', async () => {
    await t.store.addHold({ scope: 'record', ref: 'P-1', reason: 'police enquiry', until: null }, { actor: 'Dee Pio' });
    await expectRefusal('P-1', { code: 'confirm.not-due', data: { record: 'P-1', status: 'held' } });
  });

  it('refuses a record it does not hold', () => expectRefusal('P-404', { code: 'record.not-found', data: { record: 'P-404' } }));

  it('refuses a method off the list, with a did-you-mean, before looking at the record', () =>
    expectRefusal(
      'P-404',
      { code: 'confirm.unknown-method', data: { method: 'cross-cut shreder', guess: 'cross-cut shredder' } },
      { method: 'cross-cut shreder' },
    ));
});
