/**
 * The event history end to end: events added with `event add` are the store's own facts (a
 * re-import never wipes them), a second date is added rather than substituted, `event list` and
 * `event remove` show and correct the history, a misspelt event name is refused, and every change
 * names the person who made it (`--by`).
 */
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
} from './fixtures/apply/world.js';

const AT = ['--as-of', AS_OF];
const BY = ['--by', 'Dee Pio'];

describe('events added with event add', () => {
  it('survive a re-import of the inventory, which knows nothing of them', () => {
    const w = createWorld();
    const rows: Row[] = [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt' }];
    setUp(w, rows);
    expect(planFromStore(w).get('F-1')?.status).toBe('pending');
    expect(expectOk(w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO, ...BY])).stdout).toBe('E-1\n');
    expect(planFromStore(w).get('F-1')?.status).toBe('due');

    expectOk(w.run(['inventory', 'import', writeInventory(w, rows), '--quiet']));
    expect(planFromStore(w).get('F-1')?.status).toBe('due');
  });

  it('stand beside the inventory\'s date; explain says which one the decision used', () => {
    const w = createWorld();
    setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_RECENTLY }]);
    expectOk(w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO, ...BY]));
    const text = expectOk(w.run(['explain', 'F-1', ...AT])).stdout;
    expect(text).toContain(`ended: ${ENDED_RECENTLY} (inventory); ${ENDED_LONG_AGO} (recorded E-1 by Dee Pio on `);
    expect(text).toMatch(new RegExp(`→ ${ENDED_RECENTLY} counts as a retention trigger or review date \\(the latest\\); ${ENDED_LONG_AGO} for erase_on and erasure requests \\(the earliest\\)`));
    expect(text).toMatch(/^Decision: RETAINED — closed-cases: ended 2026-01-15 \+ P1Y/m);

    const json = JSON.parse(expectOk(w.run(['explain', 'F-1', '--format', 'json', ...AT])).stdout) as { events: unknown[] };
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
  it('is added, not substituted: the first erasure request keeps fixing the deadline, until it is removed', () => {
    const w = createWorld({ policy: ERASURE_POLICY });
    setUp(w, [{ id: 'PH-1', subject: 'S-1', category: 'photo', location: 'casefiles:s-1/photo.jpg' }]);
    expectOk(w.run(['event', 'add', 'erasure_requested', '--subject', 'S-1', '--date', '2026-06-01', ...BY]));
    expectOk(w.run(['event', 'add', 'erasure_requested', '--subject', 'S-1', '--date', '2026-06-20', '--by', 'A. Clerk']));
    const requests = () =>
      (JSON.parse(expectOk(w.run(['plan', '--format', 'json', ...AT])).stdout) as { summary: { erasureRequests: { requested: string; deadline: string }[] } }).summary.erasureRequests;
    expect(requests()).toEqual([expect.objectContaining({ requested: '2026-06-01', deadline: '2026-07-01' })]);

    const listed = expectOk(w.run(['event', 'list', '--record', 'PH-1'])).stdout;
    expect(listed).toMatch(/E-1 .*subject S-1 .*erasure_requested .*2026-06-01 .*by Dee Pio/);
    expect(listed).toMatch(/E-2 .*subject S-1 .*erasure_requested .*2026-06-20 .*by A\. Clerk/);

    expectOk(w.run(['event', 'remove', 'E-1', '--by', 'Dee Pio', '--reason', 'entered for the wrong person (Jane Roe)']));
    expect(requests()).toEqual([expect.objectContaining({ requested: '2026-06-20', deadline: '2026-07-20' })]);
    const history = JSON.parse(expectOk(w.run(['event', 'list', '--subject', 'S-1', '--format', 'json'])).stdout) as { id: string; removedBy: string | null; removeReason: string | null }[];
    expect(history.map((e) => [e.id, e.removedBy, e.removeReason])).toEqual([
      ['E-1', 'Dee Pio', 'entered for the wrong person (Jane Roe)'],
      ['E-2', null, null],
    ]);
    const removal = auditLog(w).filter((e) => e.action === 'event-remove');
    expect(removal).toEqual([expect.objectContaining({ actor: 'Dee Pio', subject: 'S-1', detail: { id: 'E-1', scope: 'subject', event: 'erasure_requested', date: '2026-06-01' } })]);
    expect(auditText(w)).not.toContain('Jane Roe');
  });
});

describe('event names and who records them', () => {
  it('refuses a misspelt event with a did-you-mean, recording nothing', () => {
    const w = createWorld();
    setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt' }]);
    const before = auditLog(w);
    expectRefused(w.run(['event', 'add', 'erasure_requestd', '--subject', 'S-F-1', '--date', '2026-06-01', ...BY]), 'event.unknown-name', /did you mean "erasure_requested"\?/);
    expectRefused(w.run(['event', 'add', 'endd', '--record', 'F-1', '--date', '2026-06-01', ...BY]), 'event.unknown-name', /did you mean "ended"\?/);
    expect(auditLog(w)).toEqual(before);
    // The policy's own event and a well-known one are accepted.
    expectOk(w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', '2026-06-01', ...BY]));
    expectOk(w.run(['event', 'add', 'consent_withdrawn', '--record', 'F-1', '--date', '2026-06-01', ...BY]));
  });

  it('needs --by, and logs that person as the actor of event add and event remove', () => {
    const w = createWorld();
    setUp(w, [{ id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt' }]);
    expectRefused(w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO]), 'usage.missing-value');
    expectOk(w.run(['event', 'add', 'ended', '--record', 'F-1', '--date', ENDED_LONG_AGO, '--by', 'Dee Pio']));
    expectRefused(w.run(['event', 'remove', 'E-1', '--reason', 'mistake']), 'usage.missing-value');
    expectOk(w.run(['event', 'remove', 'E-1', '--reason', 'mistake', '--by', 'A. Clerk']));
    const log = auditLog(w);
    expect(log.filter((e) => e.action.startsWith('event')).map((e) => [e.action, e.actor])).toEqual([
      ['event', 'Dee Pio'],
      ['event-remove', 'A. Clerk'],
    ]);
  });
});
