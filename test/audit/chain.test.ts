import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import { openStore } from '../../src/store/index.js';
import type { AuditHead, Store } from '../../src/store/types.js';
import { logOfEightEntries, tempStore, tickingClock, type TempStore } from '../store/helpers.js';

let t: TempStore;
let head: AuditHead;

/** Eight entries of several kinds; leaves the store closed and its head in `head`. */
beforeEach(async () => {
  t = await tempStore();
  head = await logOfEightEntries(t.store);
  await t.store.close();
});
afterEach(() => t.cleanup());

/** Copies the store, lets `edit` change it with the triggers dropped, and verifies the copy. */
async function tamperAndVerify(edit: (db: Database.Database, store: () => Promise<Store>) => Promise<void> | void, withHead = false) {
  const copy = join(t.dir, 'copy.db');
  copyFileSync(t.path, copy);
  const raw = new Database(copy);
  raw.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  let opened: Store | null = null;
  await edit(raw, async () => (opened = await openStore(copy, { access: 'write', now: tickingClock() })));
  raw.close();
  const store = opened ?? (await openStore(copy, { access: 'read' }));
  try {
    return await verifyChain(store.auditEntries(), withHead ? { head } : {});
  } finally {
    await store.close();
  }
}

// How the log is numbered and chained by every store: test/store/conformance/audit-log.test.ts.
describe('the audit log in the SQLite store', () => {
  it('refuses UPDATE and DELETE from any connection', async () => {
    const store = await openStore(t.path, { access: 'write' });
    const raw = new Database(t.path);
    try {
      expect(() => raw.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 1").run()).toThrow('audit log is append-only');
      expect(() => raw.prepare('DELETE FROM audit WHERE seq = 8').run()).toThrow('audit log is append-only');
    } finally {
      raw.close();
    }
    expect(await verifyChain(store.auditEntries(), { head })).toMatchObject({ ok: true, checked: 8 });
    expect(await store.integrityCheck()).toEqual([]);
    await store.close();
  });
});

describe('verifyChain catches tampering', () => {
  it('a one-character edit of a detail', async () => {
    const result = await tamperAndVerify((db) => {
      db.prepare(`UPDATE audit SET detail = replace(detail, '"records":2', '"records":3') WHERE seq = 1`).run();
    });
    expect(result).toMatchObject({ ok: false, checked: 0, firstBad: { seq: 1, problem: expect.stringContaining('content') } });
  });

  it('a deleted entry', async () => {
    const result = await tamperAndVerify((db) => void db.prepare('DELETE FROM audit WHERE seq = 4').run());
    expect(result).toMatchObject({ ok: false, checked: 3, firstBad: { seq: 4, problem: expect.stringContaining('missing') } });
  });

  it('two entries swapped', async () => {
    const result = await tamperAndVerify((db) => {
      db.exec('CREATE TEMP TABLE audit_copy AS SELECT * FROM audit');
      const swap =
        db.prepare(`UPDATE audit SET (at, actor, action, run, record, subject, category, rule, policy_sha256, detail, prev, hash) =
        (SELECT at, actor, action, run, record, subject, category, rule, policy_sha256, detail, prev, hash FROM audit_copy WHERE seq = ?) WHERE seq = ?`);
      swap.run(3, 2);
      swap.run(2, 3);
    });
    expect(result).toMatchObject({ ok: false, checked: 1, firstBad: { seq: 2 } });
  });

  it('a truncated tail rebuilt with fresh hashes, only with the saved head', async () => {
    const rebuild = async (db: Database.Database, open: () => Promise<Store>) => {
      db.prepare('DELETE FROM audit WHERE seq > 5').run();
      const store = await open();
      await store.appendAudit([1, 2, 3].map(() => ({ actor: 'mallory', action: 'event' as const })));
    };
    expect(await tamperAndVerify(rebuild)).toMatchObject({ ok: true, checked: 8 });
    expect(await tamperAndVerify(rebuild, true)).toMatchObject({
      ok: false,
      checked: 7,
      headMatched: false,
      // Entries 6 and 7 were rewritten too, yet chain to 8: only the saved head at 8 shows it.
      firstBad: { seq: 8, problem: expect.stringContaining('saved head'), against: 'saved-head' },
    });
  });

  it('a log cut shorter than the saved head, naming the first missing entry', async () => {
    const cut = (db: Database.Database) => void db.prepare('DELETE FROM audit WHERE seq > 6').run();
    expect(await tamperAndVerify(cut)).toMatchObject({ ok: true, checked: 6 });
    expect(await tamperAndVerify(cut, true)).toMatchObject({
      ok: false,
      checked: 6,
      lastSeq: 6,
      headMatched: false,
      firstBad: { seq: 7, problem: expect.stringContaining('entries 7–8 were removed'), against: 'saved-head' },
    });
  });

  it('an entry edited in place after the saved head: the entries up to the head are proven', async () => {
    const edit = async (db: Database.Database) => {
      const store = await openStore(join(t.dir, 'copy.db'), { access: 'write', now: tickingClock() });
      await store.appendAudit([{ actor: 'dpo', action: 'event' }]);
      await store.close();
      db.prepare("UPDATE audit SET actor = 'mallory' WHERE seq = 9").run();
    };
    expect(await tamperAndVerify(edit, true)).toMatchObject({
      ok: false,
      checked: 8,
      headMatched: true,
      firstBad: { seq: 9, against: 'chain' },
    });
  });
});
