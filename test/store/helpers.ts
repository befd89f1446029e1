import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InventoryRecord } from '../../src/engine/types.js';
import { createStore, openStore } from '../../src/store/index.js';
import type { AuditEntry, AuditHead, Store } from '../../src/store/types.js';

/** A clock that ticks one second per reading, from 2025-01-01T00:00:00Z. */
export function tickingClock(): () => Date {
  let t = Date.parse('2025-01-01T00:00:00.000Z');
  return () => new Date((t += 1000));
}

export interface TempStore {
  store: Store;
  path: string;
  dir: string;
  cleanup: () => Promise<void>;
}

/** A fresh store in its own temporary folder. */
export async function tempStore(): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'retention-store-'));
  const path = join(dir, 'retention.db');
  const store = await newStore(path);
  return {
    store,
    path,
    dir,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An empty store made at `path` (where nothing may exist) and opened for writing. */
export async function newStore(path: string, now: () => Date = tickingClock()): Promise<Store> {
  await createStore(path, async () => undefined);
  return openStore(path, { access: 'write', now });
}

export function record(id: string, overrides: Partial<InventoryRecord> = {}): InventoryRecord {
  return {
    id,
    subject: 'S-1',
    category: 'care-plan',
    created: '2019-01-10',
    location: `casefiles:client-1/${id}.pdf`,
    events: {},
    flags: {},
    ...overrides,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export const allEntries = (store: Store, filter?: Parameters<Store['auditEntries']>[0]): Promise<AuditEntry[]> =>
  collect(store.auditEntries(filter));

/**
 * Eight entries of several kinds, one write of each area of the store (import, event, hold,
 * run start, intent, outcome, run end, a plain append); returns the head after them.
 */
export async function logOfEightEntries(store: Store): Promise<AuditHead> {
  const cron = { actor: 'cron', run: 'run-1', policySha256: null };
  await store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
  await store.addEvent({ scope: 'subject', ref: 'S-1', event: 'service_ended', date: '2019-01-01' }, { actor: 'dpo' });
  await store.addHold({ scope: 'record', ref: 'R-2', reason: 'claim', until: null }, { actor: 'dpo' });
  await store.startRun({ kind: 'apply' }, cron);
  await store.recordIntents([{ record: record('R-1'), rule: 'r', target: 'casefiles' }], cron);
  await store.recordOutcomes([{ recordId: 'R-1', outcome: 'deleted', rule: 'r', detail: null }], cron);
  await store.endRun('run-1', 'done', { deleted: 1 });
  await store.appendAudit([{ actor: 'dpo', action: 'erasure-completed', subject: 'S-1' }]);
  const head = await store.auditHead();
  if (head === null) throw new Error('the log is empty after eight appends');
  return head;
}
