/**
 * `audit list|export|verify|head` as an auditor uses them: the commands over a store that
 * `init`, `inventory import`, `hold`, `event` and `apply` filled. The chain is re-checked here
 * from the export alone, with node:crypto and the canonicalize package, as any outsider could;
 * verify is then run on copies of the store tampered with behind the triggers' back.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit-entry.js';
import { createStore } from '../../src/store/sqlite-create.js';
import { expectNoStack, tempDir } from './run-cli.js';
import { run as runInProcess } from './run-in-process.js';
import { errorCodes } from './error-codes.js';

const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string;

const MEMBERS = ['seq', 'at', 'actor', 'action', 'run', 'record', 'subject', 'category', 'rule', 'policySha256', 'detail', 'prev', 'hash'];
const ZEROS = '0'.repeat(64);

/** An exported line, parsed: the same shape as the store's entries. */
type Entry = AuditEntry;

/** The hash DESIGN §7 defines, computed without any code of the tool. */
const outsideHash = (entry: Omit<Entry, 'hash'> & { hash?: string }): string => {
  const { hash: _hash, ...body } = entry;
  return createHash('sha256').update(canonicalize(body), 'utf8').digest('hex');
};

let dir: string;
let db: string;

const run = (args: string[], cwd = dir) => runInProcess(args, { cwd });
const ok = async (args: string[]) => {
  const result = await run(args);
  expect(result.code, result.stderr).toBe(0);
  return result;
};
const exported = async (): Promise<Entry[]> =>
  (await ok(['audit', 'export'])).stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Entry);
const listed = async (filters: string[]): Promise<Entry[]> =>
  JSON.parse((await ok(['audit', 'list', '--format', 'json', ...filters])).stdout) as Entry[];

beforeAll(async () => {
  dir = tempDir();
  db = path.join(dir, 'retention.db');
  await ok(['init']);
  await ok(['inventory', 'import', 'inventory.csv']);
  await ok(['hold', 'add', '--record', 'EX-11', '--reason', 'claim expected', '--by', 'Dee Pio']);
  await ok(['event', 'add', 'consent_confirmed', '--subject', 'S-108', '--date', '2020-01-01', '--by', 'Dee Pio']);
  await ok(['apply', '--yes']);
});

describe('audit list', () => {
  it('filters by record, subject, run, action and date', async () => {
    const all = await listed([]);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));

    const ex01 = await listed(['--record', 'EX-01']);
    expect(ex01.map((e) => e.action)).toEqual(['intent', 'deleted']);
    expect(ex01.every((e) => e.record === 'EX-01')).toBe(true);

    expect((await listed(['--subject', 'S-108'])).map((e) => e.action)).toEqual(['event']);

    const deleted = await listed(['--action', 'deleted']);
    expect(deleted.map((e) => e.record).sort()).toEqual(['EX-01', 'EX-02']);

    const runId = all.find((e) => e.action === 'run-start')!.run!;
    const ofRun = await listed(['--run', runId]);
    expect(ofRun.map((e) => e.action)).toEqual(['run-start', 'intent', 'intent', 'deleted', 'deleted', 'run-end']);

    const lastAt = all.at(-1)!.at;
    expect((await listed(['--since', lastAt])).map((e) => e.seq)).toEqual(all.filter((e) => e.at >= lastAt).map((e) => e.seq));
    expect(await listed(['--since', '2999-01-01'])).toEqual([]);
    expect(await listed(['--since', '2000-01-01'])).toHaveLength(all.length);
  });

  it('prints a table without colour off a terminal', async () => {
    const { stdout } = await ok(['audit', 'list', '--record', 'EX-01']);
    expect(stdout).toMatch(/seq.*at.*actor.*action.*run.*record.*rule.*detail/);
    expect(stdout).toContain('deleted');
    expect(stdout).not.toContain('\u001b[');
  });

  it('lists a long log as tables of 500 entries, each with its head, every entry once (one table of 43,800 rows printed nothing in minutes)', async () => {
    const long = path.join(tempDir(), 'long.db');
    await createStore(long, async (store) => {
      await store.appendAudit(Array.from({ length: 1_201 }, (_, i) => ({ actor: 'dpo', action: 'event' as const, detail: { i } })));
    });
    const { stdout } = await ok(['audit', 'list', '--db', long]);
    expect(stdout.split('\n').filter((line) => /^│ seq/.test(line))).toHaveLength(3);
    const seqs = stdout.split('\n').flatMap((line) => /^│ (\d+) /.exec(line)?.[1] ?? []);
    expect(seqs).toEqual(Array.from({ length: 1_201 }, (_, i) => String(i + 1)));
  });

  it('refuses an unknown action, listing the valid ones', async () => {
    const result = await run(['audit', 'list', '--action', 'delete']);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['usage.bad-value']);
    expect(result.stderr).toContain('"delete"');
    expect(result.stderr).toContain('deleted');
    expect(result.stderr).toContain('erasure-completed');
    expect(expectNoStack(result.stderr)).toBe(true);
  });

  it('refuses a --since that is not a date', async () => {
    const result = await run(['audit', 'list', '--since', 'yesterday']);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['usage.bad-value']);
    expect(result.stderr).toContain('--since');
  });

  it('never creates a store that is not there', async () => {
    const missing = path.join(tempDir(), 'none.db');
    const result = await run(['audit', 'list', '--db', missing]);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['store.missing']);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('audit export', () => {
  it('writes every member of every entry, and the chain recomputes from the export alone', async () => {
    const entries = await exported();
    expect(entries.length).toBeGreaterThan(5);
    let prev = ZEROS;
    entries.forEach((entry, i) => {
      expect(Object.keys(entry).sort()).toEqual([...MEMBERS].sort());
      expect(entry.seq).toBe(i + 1);
      expect(entry.prev).toBe(prev);
      expect(outsideHash(entry)).toBe(entry.hash);
      prev = entry.hash;
    });
  });

  it('writes CSV with a header row and one row per entry', async () => {
    const rows = parseCsv((await ok(['audit', 'export', '--format', 'csv'])).stdout);
    expect(rows[0]).toEqual(MEMBERS);
    const entries = await exported();
    expect(rows).toHaveLength(entries.length + 1);
    expect(rows.at(-1)!.at(-1)).toBe(entries.at(-1)!.hash);
  });
});

describe('audit head', () => {
  it('prints the seq and hash of the last exported entry', async () => {
    const last = (await exported()).at(-1)!;
    expect((await ok(['audit', 'head'])).stdout).toBe(`${last.seq} ${last.hash}\n`);
    expect(JSON.parse((await ok(['audit', 'head', '--format', 'json'])).stdout)).toEqual({ seq: last.seq, hash: last.hash });
  });

  it('prints 0 and 64 zeros for an empty log, which verify accepts', async () => {
    const empty = path.join(tempDir(), 'empty.db');
    await createStore(empty, async () => undefined);
    expect((await run(['audit', 'head', '--db', empty])).stdout).toBe(`0 ${ZEROS}\n`);
    const verified = await run(['audit', 'verify', '--db', empty]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(
      new RegExp(`^audit log consistent: 0 entries, head 0 ${ZEROS}; without a saved head a rewrite cannot be ruled out`),
    );
    // Saved before anything happened, the empty head is a prefix of every later log.
    expect((await run(['audit', 'verify', '--head', `0 ${ZEROS}`])).code).toBe(0);
  });
});

describe('audit verify', () => {
  const headNow = async () => (await ok(['audit', 'head'])).stdout.trim();

  /** A copy of the store whose append-only triggers are gone, opened for tampering. */
  function tamperableCopy(): { file: string; sql: Database.Database } {
    const file = path.join(tempDir(), 'copy.db');
    copyFileSync(db, file);
    if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${file}-wal`);
    const sql = new Database(file);
    sql.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    return { file, sql };
  }

  /** A careful forger puts the triggers back, so only the chain itself can give the edit away. */
  function restoreTriggersAndClose(sql: Database.Database): void {
    sql.exec(`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;
              CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'append-only'); END;`);
    sql.close();
  }

  async function verifyFails(file: string, seq: number, why: RegExp, extra: string[] = []) {
    const result = await run(['audit', 'verify', '--db', file, ...extra]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`entry ${seq}:`);
    expect(result.stderr).toMatch(why);
    expect(expectNoStack(result.stderr)).toBe(true);
  }

  it('passes on an untouched log, also against the head saved now, in any form head prints', async () => {
    const [seq, hash] = (await headNow()).split(' ');
    const result = await run(['audit', 'verify']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^audit log consistent: ${(await exported()).length} entries, head ${seq} ${hash}; without a saved head`),
    );
    const proven = await run(['audit', 'verify', '--head', `${seq}:${hash}`]);
    expect(proven.stdout).toBe(
      `audit log OK: ${(await exported()).length} entries, head ${seq} ${hash}; entries 1–${seq} match the saved head\n`,
    );
    expect((await run(['audit', 'verify', '--head', (await ok(['audit', 'head', '--format', 'json'])).stdout])).code).toBe(0);
  });

  it('does not verify a store whose append-only triggers were dropped, even with an intact chain', async () => {
    const { file, sql } = tamperableCopy();
    sql.close();
    const result = await run(['audit', 'verify', '--db', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('append-only trigger audit_no_update is missing');
  });

  it('names the entry whose detail changed by one character', async () => {
    const { file, sql } = tamperableCopy();
    const target = (await exported()).find((e) => e.action === 'deleted')!;
    sql.prepare('UPDATE audit SET detail = replace(detail, \'"records"\', \'"recordz"\') WHERE seq = ?').run(target.seq);
    restoreTriggersAndClose(sql);
    await verifyFails(file, target.seq, /content was changed/);
  });

  it('names the gap a deleted entry leaves', async () => {
    const { file, sql } = tamperableCopy();
    sql.prepare('DELETE FROM audit WHERE seq = 3').run();
    restoreTriggersAndClose(sql);
    await verifyFails(file, 3, /missing/);
  });

  it('names the first of two entries whose contents were swapped', async () => {
    const { file, sql } = tamperableCopy();
    const columns = 'at, actor, action, run, record, subject, category, rule, policy_sha256, detail, prev, hash';
    sql.exec(`
      CREATE TEMP TABLE swap AS SELECT seq, ${columns} FROM audit WHERE seq IN (2, 4);
      UPDATE audit SET (${columns}) = (SELECT ${columns} FROM swap WHERE swap.seq = 6 - audit.seq) WHERE seq IN (2, 4);`);
    restoreTriggersAndClose(sql);
    await verifyFails(file, 2, /does not match/);
  });

  it('names an entry the store cannot even read back', async () => {
    const { file, sql } = tamperableCopy();
    sql.prepare("UPDATE audit SET detail = '{not json' WHERE seq = 4").run();
    restoreTriggersAndClose(sql);
    await verifyFails(file, 4, /cannot be read/);
  });

  it('catches a tail rewritten with fresh hashes only against a head saved before', async () => {
    const savedHead = await headNow();
    // In the folder the commands run in, named relative to it.
    const headFile = 'head.txt';
    writeFileSync(path.join(dir, headFile), `${savedHead}\n`);
    const entries = await exported();
    const keep = entries.length - 3;
    const { file, sql } = tamperableCopy();
    sql.prepare('DELETE FROM audit WHERE seq > ?').run(keep);
    const insert = sql.prepare(
      `INSERT INTO audit (seq, at, actor, action, run, record, subject, category, rule, policy_sha256, detail, prev, hash)
       VALUES (@seq, @at, @actor, @action, @run, @record, @subject, @category, @rule, @policySha256, @detail, @prev, @hash)`,
    );
    let prev = entries[keep - 1]!.hash;
    // Each entry rewritten under another actor and time, saying the same (so the tables still agree with the log).
    for (let seq = keep + 1; seq <= entries.length; seq += 1) {
      const { action, run: runId, record, subject, category, rule, policySha256, detail } = entries[seq - 1]!;
      const body = {
        seq,
        at: new Date().toISOString(),
        actor: 'intruder',
        action,
        run: runId,
        record,
        subject,
        category,
        rule,
        policySha256,
        detail,
        prev,
      };
      const hash = outsideHash(body);
      insert.run({ ...body, detail: JSON.stringify(body.detail), hash });
      prev = hash;
    }
    restoreTriggersAndClose(sql);

    expect((await run(['audit', 'verify', '--db', file])).code).toBe(0);
    const [seq] = savedHead.split(' ');
    await verifyFails(file, Number(seq), /saved head/, ['--head', savedHead]);
    await verifyFails(file, Number(seq), /saved head/, ['--head-file', headFile]);
    // Entries keep+1 … seq-1 were rewritten too: nothing may say they verify.
    expectNoClaimBefore((await run(['audit', 'verify', '--db', file, '--head', savedHead])).stderr, Number(seq));
  });

  /** Rewrites the log from entry `from` on, as a forger who knows the hash rule would: a consistent chain. */
  async function rewrittenFrom(from: number): Promise<string> {
    const { file, sql } = tamperableCopy();
    const entries = await exported();
    const update = sql.prepare('UPDATE audit SET actor = @actor, prev = @prev, hash = @hash WHERE seq = @seq');
    let prev = entries[from - 2]?.hash ?? ZEROS;
    for (const entry of entries.slice(from - 1)) {
      const body = { ...entry, actor: entry.seq === from ? 'someone-else' : entry.actor, prev };
      const hash = outsideHash(body);
      update.run({ seq: entry.seq, actor: body.actor, prev, hash });
      prev = hash;
    }
    restoreTriggersAndClose(sql);
    return file;
  }

  /** The report names the entry at the saved head and vouches for none of the entries before it. */
  function expectNoClaimBefore(stderr: string, headSeq: number): void {
    expect(stderr).toContain(`entry ${headSeq}: its hash differs from the saved head: the log was rewritten at this entry or before it`);
    expect(stderr).toContain(`entries 1–${headSeq - 1} are consistent with each other but not proven`);
    expect(stderr).not.toMatch(/before it verify|last good head/);
  }

  it("after a chain rewritten from an early entry on, names the saved head's entry and vouches for none before it", async () => {
    const savedHead = await headNow();
    const headSeq = Number(savedHead.split(' ')[0]);
    const file = await rewrittenFrom(2);
    // Without a saved head a consistent rewrite cannot be seen, and verify must not claim more.
    const unanchored = await run(['audit', 'verify', '--db', file]);
    expect(unanchored.code).toBe(0);
    expect(unanchored.stdout).toMatch(/^audit log consistent: .*; without a saved head a rewrite cannot be ruled out/);
    expect(unanchored.stdout).not.toMatch(/OK/);
    const result = await run(['audit', 'verify', '--db', file, '--head', savedHead]);
    expect(result.code).toBe(1);
    expectNoClaimBefore(result.stderr, headSeq);
  });

  it('after an entry edited past a saved head, says the entries up to the head match it', async () => {
    const entries = await exported();
    const saved = entries.at(-3)!;
    const { file, sql } = tamperableCopy();
    sql.prepare("UPDATE audit SET actor = 'someone-else' WHERE seq = ?").run(entries.at(-1)!.seq);
    restoreTriggersAndClose(sql);
    const result = await run(['audit', 'verify', '--db', file, '--head', `${saved.seq} ${saved.hash}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`entry ${entries.at(-1)!.seq}: hash does not match the entry`);
    expect(result.stderr).toContain(`entries 1–${entries.length - 1} before it verify, and entries 1–${saved.seq} match the saved head`);
  });

  it('after a break before the saved head, does not call the entries before the break proven', async () => {
    const savedHead = await headNow();
    const { file, sql } = tamperableCopy();
    sql.prepare("UPDATE audit SET actor = 'someone-else' WHERE seq = 3").run();
    restoreTriggersAndClose(sql);
    const result = await run(['audit', 'verify', '--db', file, '--head', savedHead]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('entry 3: hash does not match the entry');
    expect(result.stderr).toContain(
      `entries 1–2 before it are consistent with each other, but the saved head (seq ${savedHead.split(' ')[0]}) lies beyond this break`,
    );
  });

  it('catches a tail cut short against a head saved before', async () => {
    const savedHead = await headNow();
    const { file, sql } = tamperableCopy();
    sql.prepare('DELETE FROM audit WHERE seq > 2').run();
    restoreTriggersAndClose(sql);
    await verifyFails(file, 3, new RegExp(`entries 3–${savedHead.split(' ')[0]} were removed`), ['--head', savedHead]);
  });

  it('refuses a --head that is not what audit head prints', async () => {
    const result = await run(['audit', 'verify', '--head', '12 abc']);
    expect(result.code).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['usage.bad-value']);
    expect(result.stderr).toContain('not an audit head');
  });
});
