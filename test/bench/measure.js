/**
 * Timing and peak memory of child processes. Both sides of every comparison run through
 * `measureCommand`, so process start-up and the peak-RSS wrapper cost the same on each side.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/** Exits with the child's code after writing its peak RSS (KiB on Linux) to argv[1]. */
const PYTHON_RSS_WRAPPER = `
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], 'w') as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
`;

/** The command line that runs `cmd args` and leaves its peak RSS in KiB in `rssFile`. */
function withPeakRss(cmd, args, rssFile) {
  if (existsSync(GNU_TIME)) return [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]];
  return ['python3', ['-c', PYTHON_RSS_WRAPPER, rssFile, cmd, ...args]];
}

/**
 * Runs `cmd args` in `cwd` with stdout going to `stdoutPath` (default /dev/null) and resolves
 * to `{ seconds, peakRssMb, stderr }` (wall-clock time, peak resident memory of the child).
 * Rejects, with the child's stderr, when it exits with a code other than 0: a failed run is
 * no measurement.
 */
export async function measureCommand(cmd, args, { cwd, scratch, stdoutPath = '/dev/null' }) {
  const rssFile = join(scratch, `rss-${process.pid}-${Date.now()}.txt`);
  const [wrapped, wrappedArgs] = withPeakRss(cmd, args, rssFile);
  const stdoutFd = openSync(stdoutPath, 'w');
  const started = process.hrtime.bigint();
  try {
    const { code, stderr } = await run(wrapped, wrappedArgs, cwd, stdoutFd);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${stderr}`);
    return { seconds, peakRssMb: readPeakRssKib(rssFile) / 1024, stderr };
  } finally {
    closeSync(stdoutFd);
    rmSync(rssFile, { force: true });
  }
}

function run(cmd, args, cwd, stdoutFd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', stdoutFd, 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** GNU time may write "Command exited with non-zero status" before the figure; the figure is last. */
function readPeakRssKib(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return Number(lines[lines.length - 1]);
}

/** Median and spread of a list of numbers. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Runs the two measurements of repetition `i` (1-based), alternating which goes first so a
 * slow spell of the shared machine hits both sides; resolves to `{ retention, baseline }`.
 * Each side starts after `sync`, on files that are on disk as real ones are. Without it, what
 * was just prepared for both (two trees of 100,000 files for an apply) had not been written
 * back: ext4 allocates a file's blocks only then, so `find -delete` removed 50,000 such files in
 * 0.40 s against 9.8 s once on disk, and whichever side ran longer paid for the writing back
 * (one PostgreSQL-store apply took 21 s first in its pair and 34 s second).
 */
export async function measureBothSides(i, sides) {
  const order = i % 2 === 1 ? ['retention', 'baseline'] : ['baseline', 'retention'];
  const measured = {};
  for (const side of order) {
    execFileSync('sync');
    measured[side] = await sides[side]();
  }
  return measured;
}

/** Throws unless a run left the expected count: a run that skipped its work must not be timed as a success. */
export function requireCount(what, actual, expected) {
  if (actual !== expected) throw new Error(`${what}: found ${actual}, expected ${expected}; the timing would mean nothing`);
}
