/** The event history part of the store contract: dates added beside each other, removed but kept, never wiped by an import. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RetentionError } from '../../../src/errors.js';
import { allEntries, record } from '../helpers.js';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

describeEachStore('the event history', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
    await t.store.importRecords([record('R-1'), record('R-2', { subject: 'S-2' })], { actor: 'admin' });
  });
  afterEach(() => t.cleanup());

  it('adds a second date of the same event beside the first, numbered E-1, E-2', async () => {
    const first = await t.store.addEvent(
      { scope: 'subject', ref: 'S-1', event: 'erasure_requested', date: '2025-12-01' },
      { actor: 'dpo' },
    );
    const second = await t.store.addEvent(
      { scope: 'subject', ref: 'S-1', event: 'erasure_requested', date: '2025-12-20' },
      { actor: 'dpo2' },
    );
    expect([first.id, second.id]).toEqual(['E-1', 'E-2']);
    expect({ ...(await t.store.getFacts('R-1'))?.subjectEvents }).toEqual({ erasure_requested: ['2025-12-01', '2025-12-20'] });
    expect((await t.store.listEvents({ subject: 'S-1' })).map((e) => [e.id, e.date, e.addedBy])).toEqual([
      ['E-1', '2025-12-01', 'dpo'],
      ['E-2', '2025-12-20', 'dpo2'],
    ]);
  });

  it("lists for a record its own events and its subject's, not another subject's", async () => {
    await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'service_ended', date: '2020-01-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'consent_withdrawn', date: '2021-01-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'subject', ref: 'S-2', event: 'service_ended', date: '2022-01-01' }, { actor: 'dpo' });
    expect((await t.store.listEvents({ record: 'R-1' })).map((e) => e.id)).toEqual(['E-1', 'E-2']);
    expect((await t.store.listEvents()).map((e) => e.id)).toEqual(['E-1', 'E-2', 'E-3']);
  });

  it("returns the recorded record event beside the inventory's, and the subject event of the same name", async () => {
    await t.store.importRecords([record('R-1', { events: { service_ended: '2019-01-01' } })], { actor: 'admin' });
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'service_ended', date: '2021-05-01' }, { actor: 'dpo' });
    await t.store.addEvent({ scope: 'subject', ref: 'S-1', event: 'service_ended', date: '2020-01-01' }, { actor: 'dpo' });
    const facts = await t.store.getFacts('R-1');
    expect(facts?.record.events).toEqual({ service_ended: '2019-01-01' });
    expect({ ...facts?.recordedEvents }).toEqual({ service_ended: ['2021-05-01'] });
    expect({ ...facts?.subjectEvents }).toEqual({ service_ended: ['2020-01-01'] });

    const entries = await allEntries(t.store, { action: 'event' });
    expect(entries.map((e) => [e.record, e.subject, e.detail])).toEqual([
      ['R-1', 'S-1', { id: 'E-1', scope: 'record', event: 'service_ended', date: '2021-05-01' }],
      [null, 'S-1', { id: 'E-2', scope: 'subject', event: 'service_ended', date: '2020-01-01' }],
    ]);
  });

  it('refuses an event on an unknown record as a usage error and changes nothing', async () => {
    const head = await t.store.auditHead();
    const attempt = t.store.addEvent({ scope: 'record', ref: 'R-404', event: 'x', date: '2020-01-01' }, { actor: 'dpo' });
    await expect(attempt).rejects.toBeInstanceOf(RetentionError);
    await expect(attempt).rejects.toMatchObject({ code: 'record.not-found', message: expect.stringContaining('R-404') });
    expect(await t.store.auditHead()).toEqual(head);
    expect(await t.store.listEvents()).toEqual([]);
  });

  it('removes an event: it stops counting, stays in the history as removed, and the log holds no reason', async () => {
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'consent_withdrawn', date: '2021-01-01' }, { actor: 'dpo' });
    const removed = await t.store.removeEvent('E-1', 'typed for the wrong client, Jane Doe', { actor: 'Dee Pio' });
    expect(removed).toMatchObject({ id: 'E-1', removedBy: 'Dee Pio', removeReason: 'typed for the wrong client, Jane Doe' });
    expect({ ...(await t.store.getFacts('R-1'))?.recordedEvents }).toEqual({});
    expect(await t.store.listEvents({ record: 'R-1' })).toEqual([expect.objectContaining({ id: 'E-1', removedAt: expect.any(String) })]);

    const entry = (await allEntries(t.store, { action: 'event-remove' }))[0];
    expect(entry).toMatchObject({
      actor: 'Dee Pio',
      record: 'R-1',
      subject: 'S-1',
      detail: { id: 'E-1', scope: 'record', event: 'consent_withdrawn', date: '2021-01-01' },
    });
    expect(JSON.stringify(await allEntries(t.store))).not.toContain('Jane');

    await expect(t.store.removeEvent('E-1', 'y', { actor: 'x' })).rejects.toMatchObject({ code: 'event.already-removed' });
    await expect(t.store.removeEvent('E-9', 'y', { actor: 'x' })).rejects.toMatchObject({ code: 'event.not-found' });
  });

  it('survives every re-import: a recorded record event is never wiped by the inventory', async () => {
    await t.store.addEvent({ scope: 'record', ref: 'R-1', event: 'consent_withdrawn', date: '2026-06-10' }, { actor: 'dpo' });
    await t.store.importRecords([record('R-1', { events: { service_ended: '2020-01-01' } })], { actor: 'admin' });
    const facts = await t.store.getFacts('R-1');
    expect(facts?.record.events).toEqual({ service_ended: '2020-01-01' });
    expect({ ...facts?.recordedEvents }).toEqual({ consent_withdrawn: ['2026-06-10'] });
  });
});
