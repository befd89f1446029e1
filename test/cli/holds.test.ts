/**
 * Who placed or released a hold is the person named by `--by`, not the config's unattended
 * actor; `hold list --all` shows why a hold was released; and a hold that holds nothing today
 * (a record that does not exist, a misspelt category, a past --until) is placed but says so.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, auditLog, createWorld, ENDED_LONG_AGO, expectOk, expectRefused, planFromStore, setUp } from './world.js';

const hold = (args: string[]) => ['hold', 'add', ...args, '--reason', 'claim expected'];

describe('hold add and hold release', () => {
  it('need --by, and log that person as the actor; hold list --all shows the release reason', async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    expectRefused(await w.run(hold(['--record', 'F-1'])), 'usage.missing-value', /--by NAME is required: the person who places the hold/);
    expectOk(await w.run(hold(['--record', 'F-1', '--by', 'Dee Pio'])));
    expectRefused(await w.run(['hold', 'release', 'H-1', '--reason', 'claim settled']), 'usage.missing-value');
    expectOk(await w.run(['hold', 'release', 'H-1', '--reason', 'claim settled', '--by', 'A. Clerk']));

    expect(
      auditLog(w)
        .filter((e) => e.action.startsWith('hold'))
        .map((e) => [e.action, e.actor]),
    ).toEqual([
      ['hold', 'Dee Pio'],
      ['hold-release', 'A. Clerk'],
    ]);
    expect(expectOk(await w.run(['hold', 'list', '--all'])).stdout).toMatch(/H-1 .* by A\. Clerk: claim settled/);
  });
});

describe('a hold that holds nothing today', () => {
  it('is placed, and says "holds 0 records now" with why; a real one counts what it holds', async () => {
    const w = createWorld();
    await setUp(w, [
      { id: 'F-1', subject: 'S-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
      { id: 'F-2', subject: 'S-1', category: 'casenote', location: 'casefiles:a/two.txt' },
    ]);
    const placed = async (args: string[]) => expectOk(await w.run(hold([...args, '--by', 'Dee Pio']))).stdout.trim();
    expect(await placed(['--record', 'F-404'])).toBe('H-1 holds 0 records now: no live record "F-404" in the store');
    expect(await placed(['--category', 'casenotes'])).toBe(
      'H-2 holds 0 records now: no live record of category "casenotes" in the store — did you mean "casenote"?',
    );
    expect(await placed(['--subject', 'S-1', '--until', '2020-01-01'])).toBe(
      'H-3 holds 0 records now: its --until 2020-01-01 is already past',
    );
    expect(await placed(['--subject', 'S-1'])).toBe('H-4 holds 2 records now');
    expect(await placed(['--record', 'F-1'])).toBe('H-5 holds 1 record now');
    expect(auditLog(w).filter((e) => e.action === 'hold')).toHaveLength(5);
  });

  it('on a deleted record, says when and by which run it was deleted, and that the hold keeps it if it comes back', async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO }]);
    const backup = path.join(w.outside, 'one.txt');
    fs.copyFileSync(path.join(w.root, 'a/one.txt'), backup);
    const takenAt = Math.floor(fs.statSync(path.join(w.root, 'a/one.txt')).mtimeMs / 1000);
    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    const deleted = auditLog(w).find((e) => e.action === 'deleted' && e.record === 'F-1');
    // Restored from a backup (the same file, its time to the second): plan already shows it as reappeared, and the hold does keep it.
    fs.mkdirSync(path.join(w.root, 'a'), { recursive: true });
    fs.copyFileSync(backup, path.join(w.root, 'a/one.txt'));
    fs.utimesSync(path.join(w.root, 'a/one.txt'), takenAt, takenAt);
    const said = expectOk(await w.run(hold(['--record', 'F-1', '--by', 'Dee Pio']))).stdout.trim();
    // The time is the record's tombstone's, written in the same transaction as the entry but read from its own clock call.
    const saidAt = /was deleted on (\S+) by/.exec(said)?.[1] ?? '';
    expect(Math.abs(Date.parse(saidAt) - Date.parse(deleted?.at ?? ''))).toBeLessThan(1000);
    expect(said).toBe(
      `H-1 holds 0 live records now: "F-1" was deleted on ${saidAt} by run ${deleted?.run} — the hold keeps it if it is found back in its target (a restored backup; "retention plan" shows it as reappeared)`,
    );
    expect((await planFromStore(w)).get('F-1')?.status).toBe('held');
  });
});
