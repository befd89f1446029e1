/**
 * A new store is made whole or not at all: a private temporary file in the same folder,
 * filled, then linked in at its path; nothing is left behind when filling fails.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, openStore } from '../../src/store/index.js';
import { RetentionError } from '../../src/errors.js';
import { record } from './helpers.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'retention-create-'));
  file = join(dir, 'retention.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createStore', () => {
  it('fills a private temporary file beside the store, and puts it in place only when filled', async () => {
    const counts = await createStore(file, async (store) => {
      expect(readdirSync(dir)).not.toContain('retention.db');
      const [temporary] = readdirSync(dir).filter((name) => name.endsWith('.new'));
      expect(statSync(join(dir, temporary!)).mode & 0o777).toBe(0o600);
      return store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
    });
    expect(counts.inserted).toBe(2);
    expect(readdirSync(dir)).toEqual(['retention.db']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const store = await openStore(file, { access: 'read' });
    expect(await store.liveRecordCount()).toBe(2);
    await store.close();
  });

  it('leaves nothing behind when filling fails, and passes the failure on', async () => {
    const bad = new RetentionError('inventory.invalid', 'inventory.csv:900000: service_ended "2023-02-30" is not a date');
    await expect(
      createStore(file, async (store) => {
        await store.importRecords([record('R-1')], { actor: 'admin' });
        throw bad;
      }),
    ).rejects.toBe(bad);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never makes a store where a file is, or where a journal of a removed store was left', async () => {
    writeFileSync(file, '');
    await expect(createStore(file, async () => undefined)).rejects.toMatchObject({ code: 'store.exists' });
    rmSync(file);
    writeFileSync(`${file}-wal`, 'old frames');
    await expect(createStore(file, async () => undefined)).rejects.toMatchObject({
      code: 'store.leftover-journal',
      message: expect.stringContaining(`${file}-wal`),
    });
    expect(readdirSync(dir)).toEqual(['retention.db-wal']);
  });
});
