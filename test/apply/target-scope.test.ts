/**
 * `apply --target NAME` (DESIGN §5, §6): a run deletes from the targets it names only, and
 * leaves the records of the other targets to the runs of the hosts that own them: not selected,
 * not failed, not reported, their open journal left alone. A name the config does not declare
 * is a usage error that says which it may have meant.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runApply } from '../../src/apply/run-apply.js';
import { TargetSet } from '../../src/apply/target-set.js';
import type { TargetConfig } from '../../src/config/load.js';
import { requirePolicy } from '../../src/policy/load.js';
import type { Store } from '../../src/store/types.js';
import { APPLY_POLICY } from '../cli/world.js';
import { collect, newStore } from '../store/helpers.js';

let dir: string;
let store: Store;
const CONFIGS = new Map<string, TargetConfig>([
  ['casefiles', { type: 'files', root: 'files' }],
  ['crm', { type: 'sqlite', database: 'crm.db', table: 'notes', key: 'id' }],
]);
const crmIds = () => {
  const db = new Database(path.join(dir, 'crm.db'), { readonly: true });
  try {
    return db.prepare('SELECT id FROM notes ORDER BY id').pluck().all();
  } finally {
    db.close();
  }
};

beforeEach(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'retention-scope-')));
  fs.mkdirSync(path.join(dir, 'files'));
  new Database(path.join(dir, 'crm.db')).exec("CREATE TABLE notes (id TEXT PRIMARY KEY); INSERT INTO notes VALUES ('c-1'), ('c-2')");
  store = await newStore(path.join(dir, 'retention.db'));
  const due = { subject: 'S-1', category: 'casenote', created: '2020-01-01', events: { ended: '2024-01-15' }, flags: {} };
  for (const name of ['f-1.txt', 'f-2.txt']) fs.writeFileSync(path.join(dir, 'files', name), name);
  await store.importRecords(
    [
      { ...due, id: 'F-1', location: 'casefiles:f-1.txt' },
      { ...due, id: 'F-2', location: 'casefiles:f-2.txt' },
      { ...due, id: 'C-1', category: 'crm-note', location: 'crm:c-1' },
      { ...due, id: 'C-2', category: 'crm-note', location: 'crm:c-2' },
    ],
    { actor: 'test' },
  );
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A run of the crm host: `apply --target crm`, automatic deletions. */
async function applyOnCrm() {
  const targets = new TargetSet(CONFIGS, dir, undefined, ['crm']);
  const { policy, sha256 } = await requirePolicy(APPLY_POLICY);
  try {
    return await runApply({
      store,
      policy,
      policySha256: sha256,
      targets,
      actor: 'crm-host',
      asOf: '2026-06-30',
      // runApply's option since B1 (due as of today too): the same day here.
      today: '2026-06-30',
      limits: { maxDeletions: null, maxPercent: null },
      carryOut: { automatic: true, plans: [] },
      batchSize: 100,
      now: () => new Date(),
      shouldStop: () => false,
      confirm: async () => true,
    });
  } finally {
    await targets.closeAll();
  }
}

it('deletes from the named target only, and leaves the others as they are, unreported', async () => {
  const result = await applyOnCrm();
  expect(result.report).toMatchObject({ deleted: 2, failed: [] });
  expect(crmIds()).toEqual([]);
  expect(fs.readdirSync(path.join(dir, 'files')).sort()).toEqual(['f-1.txt', 'f-2.txt']);
  const touched = (await collect(store.auditEntries()))
    .filter((e) => e.action !== 'import' && e.record !== null)
    .map((e) => `${e.action} ${e.record}`);
  expect(touched).toEqual(['intent C-1', 'intent C-2', 'deleted C-1', 'deleted C-2']);
  expect((await store.getFacts('F-1'))?.record.id).toBe('F-1');
});

it("leaves another target's open intent to its own run, which may be deleting right now", async () => {
  // The files host's run journaled F-1 and deleted its file, and has not written the outcome yet.
  const f1 = await store.getFacts('F-1');
  if (f1 === null) throw new Error('F-1 was imported');
  await store.recordIntents([{ record: f1.record, rule: 'casenote', target: 'casefiles' }], {
    actor: 'files-host',
    run: 'files-run',
    policySha256: null,
  });
  fs.rmSync(path.join(dir, 'files', 'f-1.txt'));
  await applyOnCrm();
  expect((await store.unsettledIntents()).map((i) => `${i.run} ${i.record}`)).toEqual(['files-run F-1']);
  const outcomesOfF1 = (await collect(store.auditEntries())).filter(
    (e) => e.record === 'F-1' && e.action !== 'import' && e.action !== 'intent',
  );
  expect(outcomesOfF1).toEqual([]);
});

it('refuses a target the config does not declare, with the name it may have meant', () => {
  expect(() => new TargetSet(CONFIGS, dir, undefined, ['casefile'])).toThrow(
    expect.objectContaining({ code: 'target.not-in-config', message: expect.stringContaining('did you mean "casefiles"?') }),
  );
});
