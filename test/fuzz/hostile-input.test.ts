/**
 * Bounded fuzz test (issue 8, "Keep it that way"): mutated policy packs, a config and the
 * fixture inventories go through the command line in this process, seeded so a failure
 * reproduces. Every run must parse (exit 0) or say exit 2 with `file:line`, nothing on stdout,
 * no stack trace and never 70. `npm run fuzz` runs the same mutations, many more of them,
 * through the built command line.
 */
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, reportError, type CommandContext } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { fuzzCorpus, writeCase } from './corpus.js';
import { describeMutations, mutate, mutationsArbitrary } from './mutations.js';
import { judge } from './verdict.js';

const SEED = 20_260_630;
const RUNS_PER_KIND = { policy: 150, config: 100, inventory: 250 } as const;

/** The command line as `main` runs it, with stdout and stderr kept as text. */
async function runInProcess(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out: Output = {
    write: async (text) => {
      stdout += text;
    },
    error: (text) => {
      stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    colour: new Chalk({ level: 0 }),
    stdoutIsTerminal: false,
  };
  const ctx: CommandContext = { out, now: () => new Date('2026-06-30T12:00:00Z'), env: {}, cwd };
  let code = 0;
  try {
    await buildProgram(ctx, (c) => (code = c)).parseAsync(['node', 'retention', ...args]);
  } catch (error) {
    code = reportError(error, out, false);
  }
  return { code, stdout, stderr };
}

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
          const result = await runInProcess(seed.args(file), dir);
          const wrong = judge(result, file, bytes, seed.kind);
          expect(wrong, `${seed.name} after ${describeMutations(mutations)}\n${result.stderr}`).toBeNull();
        }),
        { seed: SEED, numRuns: RUNS_PER_KIND[kind] },
      );
    });
  }
});
