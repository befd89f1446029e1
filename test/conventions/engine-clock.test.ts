/**
 * The engine is a pure function of (policy, record, holds, as-of date). Its imports are checked in
 * test/layers.test.ts; this proves the lint rule that keeps the clock out of it actually fires.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { engineIsPure } from '../../eslint.config.js';

const lint = async (code: string, filePath: string): Promise<string[]> => {
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, engineIsPure],
  });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
};

describe('the engine never reads the clock', () => {
  it.each([
    ['Date.now()', 'export const at = Date.now();'],
    ['new Date()', 'export const at = new Date();'],
    ['DateTime.now()', "import { DateTime } from 'luxon';\nexport const at = DateTime.now();"],
    ['DateTime.local()', "import { DateTime } from 'luxon';\nexport const at = DateTime.local();"],
    ['process.env', 'export const zone = process.env.TZ;'],
  ])('refuses %s in src/engine', async (_name, code) => {
    expect(await lint(code, 'src/engine/example.ts')).toEqual([expect.stringMatching(/^The engine never /)]);
  });

  it('allows a date that was handed in, and the clock outside the engine', async () => {
    expect(
      await lint("import { DateTime } from 'luxon';\nexport const at = (iso: string) => DateTime.fromISO(iso);", 'src/engine/example.ts'),
    ).toEqual([]);
    expect(await lint('export const at = Date.now();', 'src/cli/clock-example.ts')).toEqual([]);
  });
});
