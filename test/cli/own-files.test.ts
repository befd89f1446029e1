/**
 * Issue A4: a record may name one of retention's own files — the store (the audit log that
 * proves every deletion), the config, the policy, a target's sentinel — under a target whose
 * root holds them. No target ever deletes them, whatever spelling or link the record uses.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AS_OF, ENDED_LONG_AGO, auditLog, createWorld, entriesFor, setUp } from './world.js';

const APPLY = ['apply', '--yes', '--as-of', AS_OF];

describe("retention's own files are never deleted", () => {
  it('the store, the config, the policy and a sentinel: each refused, saying which it is; the run goes on', async () => {
    // `top` alone (targets that overlap are refused whole, review 2 point 1), with the sentinel of its own.
    const world = createWorld({ editablePolicy: true });
    const configFile = path.join(world.dir, 'retention.config.yaml');
    fs.writeFileSync(
      configFile,
      fs
        .readFileSync(configFile, 'utf8')
        .replace('  casefiles: { type: files, root: files }\n', '  top: { type: files, root: ., sentinel: .retention-root }\n'),
    );
    await setUp(world, [
      { id: 'OWN-STORE', category: 'casenote', location: 'top:retention.db', ended: ENDED_LONG_AGO },
      { id: 'OWN-CONFIG', category: 'casenote', location: 'top:retention.config.yaml', ended: ENDED_LONG_AGO },
      { id: 'OWN-POLICY', category: 'casenote', location: 'top:policy.yaml', ended: ENDED_LONG_AGO },
      { id: 'OWN-SENTINEL', category: 'casenote', location: 'top:.retention-root', ended: ENDED_LONG_AGO },
      { id: 'F-DUE', category: 'casenote', location: 'top:files/a/notes.txt', ended: ENDED_LONG_AGO },
    ]);
    fs.writeFileSync(path.join(world.dir, '.retention-root'), '');
    fs.mkdirSync(path.join(world.root, 'a'), { recursive: true });
    fs.writeFileSync(path.join(world.root, 'a/notes.txt'), 'notes');

    const result = await world.run(APPLY);
    expect(result.code).toBe(1);
    for (const file of ['retention.db', 'retention.config.yaml', 'policy.yaml', '.retention-root'])
      expect(fs.existsSync(path.join(world.dir, file)), file).toBe(true);
    expect(fs.existsSync(path.join(world.root, 'a/notes.txt'))).toBe(false);
    const log = auditLog(world);
    const errorOf = (id: string) => entriesFor(log, id, 'failed')[0]?.detail?.error;
    expect(errorOf('OWN-STORE')).toBe("refused: this is retention's own store");
    expect(errorOf('OWN-CONFIG')).toBe("refused: this is retention's own config");
    expect(errorOf('OWN-POLICY')).toBe("refused: this is retention's own policy");
    expect(errorOf('OWN-SENTINEL')).toContain("this is a target's sentinel");
    expect(entriesFor(log, 'F-DUE', 'deleted')).toHaveLength(1);
  });

  it('a sqlite target whose database is the store itself is refused before anything is deleted (exit 2)', async () => {
    const world = createWorld();
    await setUp(world, [{ id: 'C-1', category: 'crm-note', location: 'crm:C-1', ended: ENDED_LONG_AGO }]);
    const configFile = path.join(world.dir, 'retention.config.yaml');
    fs.writeFileSync(
      configFile,
      fs.readFileSync(configFile, 'utf8').replace('database: crm.db, table: notes', 'database: retention.db, table: records'),
    );
    const result = await world.run(APPLY);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("retention's own store");
  });
});
