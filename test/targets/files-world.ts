/**
 * A throw-away `files` target for the target tests: a root, a folder beside it that nothing
 * may touch, and the target opened on the root (with the config's optional `sentinel`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { OwnFiles } from '../../src/targets/own-files.js';
import { filesTargetType, type FilesConfig } from '../../src/targets/files.js';
import type { Target, TargetOutcome } from '../../src/targets/types.js';

export interface FilesWorld {
  base: string;
  root: string;
  outside: string;
  target: Target;
}

export async function createFilesWorld(options: Pick<FilesConfig, 'sentinel'> = {}): Promise<FilesWorld> {
  const base = fs.realpathSync(await fs.promises.mkdtemp(path.join(os.tmpdir(), 'retention-files-')));
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  const target = await filesTargetType.open('casefiles', { type: 'files', root: 'root', ...options }, base, OwnFiles.NONE);
  return { base, root, outside, target };
}

export async function removeFilesWorld(world: FilesWorld): Promise<void> {
  await world.target.close();
  await fs.promises.rm(world.base, { recursive: true, force: true });
}

export function write(file: string, text = 'data'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export async function deleteOne(target: Target, ref: string): Promise<TargetOutcome> {
  const [outcome] = await target.deleteBatch([ref]);
  if (!outcome) throw new Error('no outcome');
  return outcome;
}

/** A refusal: failed, with a message that names no path (the audit log holds none). */
export function expectRefused(outcome: TargetOutcome, message: string): void {
  expect(outcome.outcome).toBe('failed');
  if (outcome.outcome !== 'failed') return;
  expect(outcome.error).toContain(message);
  expect(outcome.error).not.toContain('/');
  expect(outcome.error).not.toMatch(/\.txt|\.pdf|outside|secret|client|alias/i);
}
