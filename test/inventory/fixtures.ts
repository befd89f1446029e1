/** Tiny inventory files written into a fresh temporary folder for each test file. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { RetentionError } from '../../src/errors.js';
import type { InventoryRecord } from '../../src/engine/types.js';
import { openInventory, readAllInventory, readInventory, type ReadInventoryOptions } from '../../src/inventory/read.js';

export const NO_FLAGS: ReadonlySet<string> = new Set();

export async function makeInventoryDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'retention-inventory-'));
}

/** Writes `content` to `dir/name` and returns the path. */
export async function writeInventory(dir: string, name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content, 'utf8');
  return path;
}

/** Reads the whole file, expecting an input error, and returns it. */
export async function readFailure(path: string, flagNames: ReadonlySet<string> = NO_FLAGS): Promise<RetentionError> {
  const error = await readAllInventory(path, { flagNames }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RetentionError);
  expect((error as RetentionError).kind).toBe('input');
  return error as RetentionError;
}

/** The batches `readInventory` yields for the inventory at `path` (opened and closed here). */
export async function* readBatches(path: string, options: ReadInventoryOptions): AsyncIterable<InventoryRecord[]> {
  const input = await openInventory(path);
  try {
    yield* readInventory(input, options);
  } finally {
    await input.close();
  }
}
