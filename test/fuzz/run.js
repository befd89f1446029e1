#!/usr/bin/env node
/**
 * The long fuzz run for before a release (`npm run fuzz`): the mutations of the suite's
 * bounded fuzz test (mutations.js), many more of them, each through the BUILT command line
 * in its own process, as a user or cron would run it. Prints how many cases were tried and
 * how many broke the rule (verdict.js), with the first few to reproduce; exits 1 if any did.
 *
 *   node test/fuzz/run.js [--runs N] [--seed S] [--jobs J]
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { fuzzCorpus, REPO, writeCase } from './corpus.js';
import { describeMutations, mutate, mutationsArbitrary } from './mutations.js';
import { judge } from './verdict.js';

const BIN = path.join(REPO, 'bin/retention.js');
/** A run that takes longer than this is a hang, and counts as found. */
const HANG_MS = 60_000;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const runs = option('runs', 2000);
const seed = option('seed', Date.now() % 1_000_000);
const jobs = option('jobs', Math.max(1, os.availableParallelism() - 1));

function runCli(args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `killed by ${signal} (hang?)` : code, stdout, stderr });
    });
  });
}

const { dir, seeds } = fuzzCorpus();
// Each kind of file as often as the others, whatever the number of seeds of each kind.
const seedArbitrary = fc
  .constantFrom('policy', 'config', 'inventory')
  .chain((kind) => fc.constantFrom(...seeds.filter((s) => s.kind === kind)));
const cases = fc.sample(fc.tuple(seedArbitrary, mutationsArbitrary), { seed, numRuns: runs });
const tally = new Map(); // kind → { tried, parsed, refused, found }
const found = [];
let next = 0;

async function worker() {
  while (next < cases.length) {
    const index = next++;
    const [s, mutations] = cases[index];
    const bytes = mutate(s.bytes, mutations);
    const file = writeCase(dir, s, index, bytes);
    const result = await runCli(s.args(file), dir);
    const wrong = judge(result, file, bytes, s.kind);
    const counts = tally.get(s.kind) ?? { tried: 0, parsed: 0, refused: 0, found: 0 };
    counts.tried += 1;
    if (wrong) {
      counts.found += 1;
      found.push(`${s.name} after ${describeMutations(mutations)} (${file}): ${wrong}`);
    } else {
      counts[result.code === 0 ? 'parsed' : 'refused'] += 1;
      rmSync(file);
    }
    tally.set(s.kind, counts);
    if ((index + 1) % 250 === 0) process.stderr.write(`  ${index + 1}/${cases.length}\n`);
  }
}

console.log(`fuzz: ${runs} cases, seed ${seed}, ${jobs} at a time, files in ${dir}`);
await Promise.all(Array.from({ length: jobs }, worker));
let total = { tried: 0, found: 0 };
for (const [kind, c] of tally) {
  console.log(
    `${kind.padEnd(10)} tried ${String(c.tried).padStart(6)}  parsed ${String(c.parsed).padStart(6)}  refused with file:line ${String(c.refused).padStart(6)}  found ${c.found}`,
  );
  total = { tried: total.tried + c.tried, found: total.found + c.found };
}
console.log(`total      tried ${total.tried}, found ${total.found}`);
for (const line of found.slice(0, 20)) console.log(`  ${line}`);
if (found.length === 0) rmSync(dir, { recursive: true });
process.exitCode = found.length === 0 ? 0 : 1;
