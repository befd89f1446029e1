/**
 * Bounded fuzz test (issue 8, "Keep it that way"): mutated policy packs, a config and the
 * fixture inventories go through the command line in this process, seeded so a failure
 * reproduces. Every run must parse (exit 0) or say exit 2 with `file:line`, nothing on stdout,
 * no stack trace and never 70. `npm run fuzz` runs the same mutations, many more of them,
 * through the built command line.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../cli/run-in-process.js';
import { fuzzCorpus, writeCase } from './corpus.js';
import { describeMutations, mutate, mutationsArbitrary } from './mutations.js';
import { judge } from './verdict.js';

const SEED = 20_260_630;
const RUNS_PER_KIND = { policy: 150, config: 100, inventory: 250 } as const;

const NOW = new Date('2026-06-30T12:00:00Z');

describe('mutated input files: exit 0, or exit 2 naming file:line — never a crash', () => {
  const { dir, seeds } = fuzzCorpus();
  let index = 0;
  afterAll(() => rmSync(dir, { recursive: true }));

  for (const kind of ['policy', 'config', 'inventory'] as const) {
    const ofKind = seeds.filter((s) => s.kind === kind);
    it(`${kind}: ${RUNS_PER_KIND[kind]} mutated files (${ofKind.map((s) => s.name).join(', ')})`, async () => {
      // By name, so that a counterexample prints the file's name rather than its bytes.
      const names = fc.constantFrom(...ofKind.map((s) => s.name));
      await fc.assert(
        fc.asyncProperty(names, mutationsArbitrary, async (name, mutations) => {
          const seed = ofKind.find((s) => s.name === name)!;
          const bytes = mutate(seed.bytes, mutations);
          const file = writeCase(dir, seed, (index += 1), bytes);
          const result = await run(seed.args(file), { cwd: dir, now: () => NOW });
          const wrong = judge(result, file, bytes, seed.kind);
          expect(wrong, `${seed.name} after ${describeMutations(mutations)}\n${result.stderr}`).toBeNull();
        }),
        { seed: SEED, numRuns: RUNS_PER_KIND[kind] },
      );
    });
  }
});
