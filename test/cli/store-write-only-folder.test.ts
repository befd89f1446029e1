/**
 * A first import into a folder the user may write in but not read (mode 0333): the new store's
 * name cannot be synced to disk there, so the import stops before anything is filled and leaves
 * nothing — it used to put the store in place and then report that it had failed.
 *
 * Root ignores file modes: as root the built CLI is run as `nobody`, whom the modes bind.
 */
import { chmodSync, chownSync, copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, expectNoStack, modeBoundUser, REPO, tempDir } from './run-cli.js';
import { errorCodes } from './error-codes.js';

const bound = modeBoundUser();
const user = bound ?? undefined;

describe.skipIf(bound === null)('a first import into a folder that may be written but not read', () => {
  it('exits 2 naming the store and leaves nothing in the folder', () => {
    const inputs = tempDir();
    const policy = path.join(inputs, 'policy.yaml');
    const inventory = path.join(inputs, 'inventory.csv');
    copyFileSync(path.join(REPO, 'policies/leading-lives.yaml'), policy);
    copyFileSync(path.join(REPO, 'fixtures/leading-lives/inventory.csv'), inventory);
    chmodSync(inputs, 0o755);
    const folder = tempDir();
    if (user) chownSync(folder, user.uid, user.gid);
    chmodSync(folder, 0o333);
    const store = path.join(folder, 'retention.db');
    const result = cli(['inventory', 'import', inventory, '--db', store, '--policy', policy], { cwd: inputs, user });
    chmodSync(folder, 0o755);
    expect(result.code, result.stderr).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['store.file-system']);
    expect(result.stderr).toContain(`cannot create the store ${store}: permission denied`);
    expect(expectNoStack(result.stderr)).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
  });
});
