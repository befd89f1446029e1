/**
 * An inventory is opened once and read from that one opening as often as a command needs
 * (issue 8.12): a pipe is copied first, so it can be read again; a regular file that is
 * written to between two reads is refused rather than read as two different inventories.
 */
import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, readdir, rename, writeFile } from 'node:fs/promises';
import { createWriteStream, readlinkSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { InventoryRecord } from '../../src/engine/types.js';
import { RetentionError } from '../../src/errors.js';
import { openInventory, readInventory, type InventoryInput } from '../../src/inventory/read.js';
import { makeInventoryDir, NO_FLAGS, writeInventory } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await makeInventoryDir();
});

const CSV = 'id,subject,category,created,location\na,,health,,\nb,,health,,\n';

async function idsOf(input: InventoryInput): Promise<string[]> {
  const ids: string[] = [];
  for await (const batch of readInventory(input, { flagNames: NO_FLAGS })) ids.push(...batch.map((r: InventoryRecord) => r.id));
  return ids;
}

async function failureOf(input: InventoryInput): Promise<RetentionError> {
  const error = await idsOf(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RetentionError);
  return error as RetentionError;
}

const opened: InventoryInput[] = [];
async function open(path: string): Promise<InventoryInput> {
  const input = await openInventory(path);
  opened.push(input);
  return input;
}
afterEach(async () => {
  // close() must settle: a handle kept busy would leave a command waiting for ever.
  await Promise.all(opened.splice(0).map((input) => input.close()));
});

describe('a regular file', () => {
  test('is read the same on every pass', async () => {
    const input = await open(await writeInventory(dir, 'twice.csv', CSV));
    expect(await idsOf(input)).toEqual(['a', 'b']);
    expect(await idsOf(input)).toEqual(['a', 'b']);
  });

  test('written to between two passes is refused, naming it', async () => {
    const path = await writeInventory(dir, 'grows.csv', CSV);
    const input = await open(path);
    expect(await idsOf(input)).toEqual(['a', 'b']);
    await appendFile(path, 'c,,health,,\n');
    const error = await failureOf(input);
    expect(error.problems).toEqual([
      expect.objectContaining({ file: path, line: null, message: expect.stringMatching(/changed while it was being read/) }),
    ]);
  });

  test('replaced by another file under its name is still read as it was opened', async () => {
    const path = await writeInventory(dir, 'replaced.csv', CSV);
    const input = await open(path);
    await writeFile(`${path}.new`, 'id,subject,category,created,location\nz,,health,,\n');
    await rename(`${path}.new`, path);
    expect(await idsOf(input)).toEqual(['a', 'b']);
  });
});

describe('a pipe', () => {
  test('a FIFO is copied once and read as often as needed; the copy is private and has no name', async () => {
    const spoolDir = await mkdtemp(join(tmpdir(), 'retention-spool-'));
    const fifo = join(dir, 'inventory.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    writer.end(CSV);
    // Not `process.env.TMPDIR = previous`: with none before, that would set it to "undefined".
    vi.stubEnv('TMPDIR', spoolDir);
    let input: InventoryInput;
    try {
      input = await open(fifo);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(input.name).toBe(fifo);
    expect(await idsOf(input)).toEqual(['a', 'b']);
    expect(await idsOf(input)).toEqual(['a', 'b']);
    expect(await readdir(spoolDir)).toEqual([]);
    const copy = readdirSync('/proc/self/fd')
      .map((fd) => `/proc/self/fd/${fd}`)
      .find((link) => {
        try {
          return readlinkSync(link).startsWith(join(spoolDir, 'retention-inventory-'));
        } catch {
          return false;
        }
      });
    expect(copy && readlinkSync(copy)).toMatch(/ \(deleted\)$/);
    expect(statSync(copy!).mode & 0o777).toBe(0o600);
  });
});
