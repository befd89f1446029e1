/**
 * Issue 8.1: folders swapped for symbolic links while a run deletes thousands of files. Another
 * process swaps `root/dN` for a link to `outside/dN` (which holds decoys with the same names)
 * and back, at random moments, while deleteBatch and exists run here. Whatever the timing:
 * nothing outside the root is touched, no ref is reported deleted or already absent while its
 * file is still there, and a file that is there is never reported missing.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { OwnFiles } from '../../src/targets/own-files.js';
import { filesTargetType } from '../../src/targets/files.js';
import type { Target, TargetOutcome } from '../../src/targets/types.js';

const SWAPPER = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures/swap-folders.mjs');
const FOLDERS = 16;
const DUE_PER_FOLDER = 250;
const KEPT_PER_FOLDER = 10;
const BATCH = 500;

let base: string;
let root: string;
let outside: string;
let target: Target;

const folderNames = Array.from({ length: FOLDERS }, (_, i) => `d${i}`);

function fill(dir: string, prefix: string, count: number, text: string): string[] {
  const refs: string[] = [];
  for (const folder of folderNames) {
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    for (let i = 0; i < count; i += 1) {
      const ref = `${folder}/${prefix}${i}.txt`;
      fs.writeFileSync(path.join(dir, ref), text);
      refs.push(ref);
    }
  }
  return refs;
}

/** Every file below `dir`, relative, with its contents. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
  }
  return files;
}

/** A fixed shuffle, so that every batch touches every folder and the folders are walked often. */
function interleave(refs: string[]): string[] {
  return refs
    .map((ref, i) => ({ ref, key: (i * 7919) % refs.length }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.ref);
}

beforeEach(async () => {
  base = fs.realpathSync(await fs.promises.mkdtemp(path.join(os.tmpdir(), 'retention-race-')));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  target = await filesTargetType.open('casefiles', { type: 'files', root: 'root' }, base, OwnFiles.NONE);
});

afterEach(async () => {
  await target.close();
  await fs.promises.rm(base, { recursive: true, force: true });
});

it('folders swapped for links during a run: nothing outside is touched, no false "deleted" or "absent"', async () => {
  const due = interleave(fill(root, 'due', DUE_PER_FOLDER, 'record'));
  const kept = fill(root, 'kept', KEPT_PER_FOLDER, 'record');
  fill(outside, 'due', DUE_PER_FOLDER, 'decoy');
  fill(outside, 'kept', KEPT_PER_FOLDER, 'decoy');
  const outsideBefore = snapshot(outside);

  const swapper = fork(SWAPPER, [root, outside, ...folderNames], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const outcomes: TargetOutcome[] = [];
  const missingWhilePresent: string[] = [];
  let swaps = 0;
  try {
    await once(swapper, 'message'); // the first swaps are done: the run starts among them
    for (let start = 0; start < due.length; start += BATCH) {
      outcomes.push(...(await target.deleteBatch(due.slice(start, start + BATCH))));
      for (const ref of kept.slice((start / BATCH) * 8, (start / BATCH) * 8 + 8)) {
        if ((await target.exists(ref)) === false) missingWhilePresent.push(ref);
      }
    }
  } finally {
    const stopped = once(swapper, 'message');
    swapper.send('stop');
    [{ swaps }] = (await stopped) as [{ swaps: number }];
    await once(swapper, 'exit');
  }

  expect(swaps).toBeGreaterThan(0);
  const outsideAfter = snapshot(outside);
  const touchedOutside = [...new Set([...outsideBefore.keys(), ...outsideAfter.keys()])].filter(
    (f) => outsideBefore.get(f) !== outsideAfter.get(f),
  );
  expect(touchedOutside).toEqual([]);
  const claimedGone = outcomes.filter((o) => o.outcome === 'deleted' || o.outcome === 'absent').map((o) => o.ref);
  expect(claimedGone.filter((ref) => fs.existsSync(path.join(root, ref)))).toEqual([]);
  expect(missingWhilePresent).toEqual([]);
  expect(kept.filter((ref) => !fs.existsSync(path.join(root, ref)))).toEqual([]);
  // A ref that failed (its folder was a link, or missing mid-swap) still has its file.
  const failed = outcomes.filter((o) => o.outcome === 'failed').map((o) => o.ref);
  expect(failed.filter((ref) => !fs.existsSync(path.join(root, ref)))).toEqual([]);
  expect(outcomes).toHaveLength(due.length);
  expect(claimedGone.length).toBeGreaterThan(0);
});
