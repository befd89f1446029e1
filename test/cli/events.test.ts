/**
 * The event history end to end: events added with `event add` are the store's own facts (a
 * re-import never wipes them), a second date is added rather than substituted, `event list` and
 * `event remove` show and correct the history, a misspelt event name is refused, and every change
 * names the person who made it (`--by`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  ENDED_LONG_AGO,
  ENDED_RECENTLY,
  ERASURE_POLICY,
  auditLog,
  auditText,
  createWorld,
  expectOk,
  expectRefused,
  planFromStore,
  setUp,
  writeInventory,
  type Row,
} from './world.js';

const AT = ['--as-of', AS_OF];
const BY = ['--by', 'Dee Pio'];

describe('events added with event add', () => {
  it('survive a re-import of the inventory, which knows nothing of them', async () => {
    const w = createWorld();
    const rows: Row[] = [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt' }];
    await setUp(w, rows);
    expect((await planFromStore(w)).get('F-1')?.status).toBe('pending');
    expect(expectOk(await w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO, ...BY])).stdout).toBe('E-1\n');
    expect((await planFromStore(w)).get('F-1')?.status).toBe('due');

    expectOk(await w.run(['inventory', 'import', writeInventory(w, rows), '--quiet']));
    expect((await planFromStore(w)).get('F-1')?.status).toBe('due');
  });

  it("stand beside the inventory's date; explain says which one the decision used", async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_RECENTLY }]);
    expectOk(await w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO, ...BY]));
    const text = expectOk(await w.run(['explain', 'F-1', ...AT])).stdout;
    expect(text).toContain(`ended: ${ENDED_RECENTLY} (inventory); ${ENDED_LONG_AGO} (recorded E-1 by Dee Pio on `);
    expect(text).toMatch(
      new RegExp(
        `→ ${ENDED_RECENTLY} counts as a retention trigger or review date \\(the latest\\); ${ENDED_LONG_AGO} for erase_on and erasure requests \\(the earliest\\)`,
      ),
    );
    expect(text).toMatch(/^Decision: RETAINED — closed-cases: ended 2026-01-15 \+ P1Y/m);

    const json = JSON.parse(expectOk(await w.run(['explain', 'F-1', '--format', 'json', ...AT])).stdout) as { events: unknown[] };
    expect(json.events).toEqual([
      {
        event: 'ended',
        dates: [
          { date: ENDED_RECENTLY, source: 'inventory', id: null, addedBy: null, addedAt: null },
          { date: ENDED_LONG_AGO, source: 'record', id: 'E-1', addedBy: 'Dee Pio', addedAt: expect.any(String) },
        ],
        subjectOverridden: false,
        counts: { latest: ENDED_RECENTLY, earliest: ENDED_LONG_AGO },
      },
    ]);
  });
});

describe('a second date of the same event', () => {
  it('is added, not substituted: the first erasure request keeps fixing the deadline, until it is removed', async () => {
    const w = createWorld({ policy: ERASURE_POLICY });
    await setUp(w, [{ id: 'PH-1', subject: 'S-1', category: 'photo', location: 'casefiles:s-1/photo.jpg' }]);
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-1', '--date', '2026-06-01', ...BY]));
    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-1', '--date', '2026-06-20', '--by', 'A. Clerk']));
    const requests = async () =>
      (
        JSON.parse(expectOk(await w.run(['plan', '--format', 'json', ...AT])).stdout) as {
          summary: { erasureRequests: { requested: string; deadline: string }[] };
        }
      ).summary.erasureRequests;
    expect(await requests()).toEqual([expect.objectContaining({ requested: '2026-06-01', deadline: '2026-07-01' })]);

    const listed = expectOk(await w.run(['event', 'list', '--record', 'PH-1'])).stdout;
    expect(listed).toMatch(/E-1 .*subject S-1 .*erasure_requested .*2026-06-01 .*by Dee Pio/);
    expect(listed).toMatch(/E-2 .*subject S-1 .*erasure_requested .*2026-06-20 .*by A\. Clerk/);

    expectOk(await w.run(['event', 'remove', 'E-1', '--by', 'Dee Pio', '--reason', 'entered for the wrong person (Jane Roe)']));
    expect(await requests()).toEqual([expect.objectContaining({ requested: '2026-06-20', deadline: '2026-07-20' })]);
    const history = JSON.parse(expectOk(await w.run(['event', 'list', '--subject', 'S-1', '--format', 'json'])).stdout) as {
      id: string;
      removedBy: string | null;
      removeReason: string | null;
    }[];
    expect(history.map((e) => [e.id, e.removedBy, e.removeReason])).toEqual([
      ['E-1', 'Dee Pio', 'entered for the wrong person (Jane Roe)'],
      ['E-2', null, null],
    ]);
    const removal = auditLog(w).filter((e) => e.action === 'event-remove');
    expect(removal).toEqual([
      expect.objectContaining({
        actor: 'Dee Pio',
        subject: 'S-1',
        detail: { id: 'E-1', scope: 'subject', event: 'erasure_requested', date: '2026-06-01' },
      }),
    ]);
    expect(auditText(w)).not.toContain('Jane Roe');
  });
});

describe('event names and who records them', () => {
  it('refuses a misspelt event with a did-you-mean, recording nothing', async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt' }]);
    const before = auditLog(w);
    expectRefused(
      await w.run(['event', 'add', 'erasure_requestd', '--subject', 'S-F-1', '--date', '2026-06-01', ...BY]),
      'event.unknown-name',
      /did you mean "erasure_requested"\?/,
    );
    expectRefused(
      await w.run(['event', 'add', 'endd', '--record', 'F-1', '--date', '2026-06-01', ...BY]),
      'event.unknown-name',
      /did you mean "ended"\?/,
    );
    expect(auditLog(w)).toEqual(before);
    // The policy's own event and a well-known one are accepted.
    expectOk(await w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', '2026-06-01', ...BY]));
    expectOk(await w.run(['event', 'add', 'consent_withdrawn', '--record', 'F-1', '--date', '2026-06-01', ...BY]));
  });

  it('needs --by, and logs that person as the actor of event add and event remove', async () => {
    const w = createWorld();
    await setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt' }]);
    expectRefused(await w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO]), 'usage.missing-value');
    expectOk(await w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO, '--by', 'Dee Pio']));
    expectRefused(await w.run(['event', 'remove', 'E-1', '--reason', 'mistake']), 'usage.missing-value');
    expectOk(await w.run(['event', 'remove', 'E-1', '--reason', 'mistake', '--by', 'A. Clerk']));
    const log = auditLog(w);
    expect(log.filter((e) => e.action.startsWith('event')).map((e) => [e.action, e.actor])).toEqual([
      ['event', 'Dee Pio'],
      ['event-remove', 'A. Clerk'],
    ]);
  });
});

describe('an event date an import no longer lists', () => {
  it('is kept in the event history, and the import says so (finding B2)', async () => {
    const w = createWorld();
    const row: Row = { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO };
    await setUp(w, [row]);
    expect((await planFromStore(w)).get('F-1')?.status).toBe('due');

    // The next export no longer carries the date.
    const result = await w.run(['inventory', 'import', writeInventory(w, [{ ...row, ended: undefined }])]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toMatch(
      /0 new, 1 updated, 0 unchanged; 1 event date the store had and this file no longer lists \(or lists changed\) kept in the event history/,
    );
    expect((await planFromStore(w)).get('F-1')?.status).toBe('due');
    expect(expectOk(await w.run(['event', 'list'])).stdout).toMatch(
      new RegExp(`E-1 .*record F-1 .*ended .*${ENDED_LONG_AGO} .*kept when an import by test-cron no longer listed it`),
    );
    expect(
      auditLog(w)
        .filter((e) => e.action === 'event')
        .map((e) => e.detail),
    ).toEqual([expect.objectContaining({ event: 'ended', date: ENDED_LONG_AGO, source: 'import' })]);
  });
});

describe('a subject event that changes nothing today (finding B3)', () => {
  it("is recorded, and event add says why: no live record of the subject, or the records' own dates win", async () => {
    const w = createWorld({ policy: ERASURE_POLICY });
    await setUp(w, [
      { id: 'R-1', subject: 'S-1', category: 'casenote', location: 'casefiles:s-1/a.txt', ended: ENDED_RECENTLY },
      { id: 'R-2', subject: 'S-1', category: 'casenote', location: 'casefiles:s-1/b.txt', ended: ENDED_RECENTLY },
      { id: 'R-3', subject: 'S-2', category: 'casenote', location: 'casefiles:s-2/c.txt', ended: ENDED_RECENTLY },
      { id: 'R-4', subject: 'S-2', category: 'casenote', location: 'casefiles:s-2/d.txt' },
    ]);
    const nobody = await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-99', '--date', '2026-06-15', ...BY]);
    expect(nobody).toMatchObject({ code: 0, stdout: 'E-1\n' });
    expect(nobody.stderr).toMatch(
      /^warning: E-1 \(erasure_requested 2026-06-15 for subject S-99\) is recorded, but there is no live record of subject S-99 in the store/,
    );
    // Still a request to answer within its month: the plan lists it, with nothing to erase.
    const plan = JSON.parse(expectOk(await w.run(['plan', '--format', 'json', ...AT])).stdout) as {
      summary: { erasureRequests: unknown[] };
    };
    expect(plan.summary.erasureRequests).toEqual([
      { subject: 'S-99', requested: '2026-06-15', deadline: '2026-07-15', due: [], dueByRule: [], kept: [], notErased: [] },
    ]);
    // Past its deadline it is no longer listed.
    const later = JSON.parse(expectOk(await w.run(['plan', '--format', 'json', '--as-of', '2026-08-01'])).stdout) as {
      summary: { erasureRequests: unknown[] };
    };
    expect(later.summary.erasureRequests).toEqual([]);

    const own = await w.run(['event', 'add', 'ended', '--subject', 'S-1', '--date', ENDED_LONG_AGO, ...BY]);
    expect(own).toMatchObject({ code: 0, stdout: 'E-2\n' });
    expect(own.stderr).toBe(
      "warning: E-2 (ended 2024-01-15 for subject S-1) is recorded, but all 2 records of subject S-1 have their own ended date, which wins over the subject's\n",
    );
    const some = await w.run(['event', 'add', 'ended', '--subject', 'S-2', '--date', ENDED_LONG_AGO, ...BY]);
    expect(some.stderr).toContain('1 of 2 records of subject S-2 has its own ended date');

    expectOk(await w.run(['event', 'add', 'erasure_requested', '--subject', 'S-1', '--date', '2026-06-15', ...BY]));
  });
});

describe('inventory columns no rule reads (finding B3)', () => {
  it('are imported, and the import warns with a did-you-mean, case-insensitive', async () => {
    const w = createWorld();
    const file = path.join(w.dir, 'odd-columns.csv');
    fs.writeFileSync(
      file,
      'id,subject,category,created,location,Ended,consent_withdrawl,under_review\nF-1,S-1,casenote,2020-01-01,casefiles:a/one.txt,2024-01-15,2025-01-01,false\n',
    );
    const result = await w.run(['inventory', 'import', file]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain(
      `warning: ${file}: event column "Ended" is not read by any rule of the policy: its dates were imported but count for nothing — did you mean "ended"?`,
    );
    expect(result.stderr).toContain(
      `event column "consent_withdrawl" is not read by any rule of the policy: its dates were imported but count for nothing — did you mean "consent_withdrawn"?`,
    );
    expect(result.stderr).toContain('1 new');
    // The usual inventory, whose columns the policy reads: no warning.
    expect(
      (
        await w.run([
          'inventory',
          'import',
          writeInventory(w, [{ id: 'F-2', category: 'casenote', location: 'casefiles:b.txt', ended: ENDED_LONG_AGO }]),
        ])
      ).stderr,
    ).not.toContain('warning');
  });
});
