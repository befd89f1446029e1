/**
 * A target that is not there today (a share not mounted, a CRM database moved) concerns only
 * the commands that touch targets (finding C1): holds, events, the audit log, validate and
 * import go on; plan and explain warn that they could not look in it and go on; apply stops in
 * its pre-flight, exit 2, naming the target, with nothing changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AS_OF, ENDED_LONG_AGO, auditLog, createWorld, expectOk, setUp, targetState, writeInventory, type Row } from './world.js';
import { errorCodes } from './error-codes.js';
import { expectNoStack } from './run-cli.js';

const ROWS: readonly Row[] = [
  { id: 'F-1', category: 'casenote', location: 'casefiles:a/one.txt', ended: ENDED_LONG_AGO },
  { id: 'F-2', category: 'casenote', location: 'casefiles:a/two.txt' },
  { id: 'C-1', category: 'crm-note', location: 'crm:c1', ended: ENDED_LONG_AGO },
  { id: 'C-2', category: 'crm-note', location: 'crm:c2' },
];

describe('a target root or database that is missing today', () => {
  it('blocks no command that does not touch targets; plan warns; apply refuses before changing anything', async () => {
    const w = createWorld();
    await setUp(w, ROWS);
    // One deletion from each target, so that plan has deleted records to look for.
    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    const unmounted = `${w.root}-unmounted`;
    fs.renameSync(w.root, unmounted);
    fs.renameSync(w.crmDb, `${w.crmDb}-moved`);

    const by = ['--by', 'Dee Pio'];
    for (const args of [
      ['validate'],
      ['hold', 'add', '--record', 'F-2', '--reason', 'claim expected', ...by],
      ['hold', 'list'],
      ['event', 'add', 'ended', '--record', 'C-2', '--date', ENDED_LONG_AGO, ...by],
      ['inventory', 'import', writeInventory(w, ROWS), '--quiet'],
      ['audit', 'verify'],
      ['audit', 'head'],
      ['audit', 'export'],
      ['audit', 'list'],
    ]) {
      const result = await w.run(args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
    }

    for (const args of [
      ['plan', '--as-of', AS_OF],
      ['explain', 'F-1', '--as-of', AS_OF],
    ]) {
      const result = await w.run(args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/warning: cannot look in target "casefiles"/);
      expect(result.stdout).not.toBe('');
    }
    expect((await w.run(['plan', '--as-of', AS_OF])).stderr).toMatch(/warning: cannot look in target "crm"/);

    const entries = auditLog(w).length;
    const applied = await w.run(['apply', '--yes', '--as-of', AS_OF]);
    expect(applied.code).toBe(2);
    expect(errorCodes(applied.stderr)).toEqual(['target.unusable']);
    expect(applied.stderr).toMatch(/^target "(casefiles": root .*files|crm": database .*crm\.db) does not exist/);
    expect(expectNoStack(applied.stderr)).toBe(true);
    // The refused run is logged as one, and nothing else happened.
    expect(
      auditLog(w)
        .slice(entries)
        .map((e) => e.action),
    ).toEqual(['run-start', 'run-end']);
    expect(auditLog(w).at(-1)?.detail).toMatchObject({ status: 'refused' });

    // Mounted again: the next run carries out what was decided meanwhile (C-2's event), and
    // keeps what the hold placed while unmounted holds (F-2).
    fs.renameSync(unmounted, w.root);
    fs.renameSync(`${w.crmDb}-moved`, w.crmDb);
    expect(targetState(w)).toEqual({ files: ['a', path.join('a', 'two.txt')], crm: ['c2'] });
    expectOk(await w.run(['apply', '--yes', '--as-of', AS_OF]));
    expect(targetState(w)).toEqual({ files: ['a', path.join('a', 'two.txt')], crm: [] });
  });
});
