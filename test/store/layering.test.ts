/**
 * Everything outside src/store gets its store from src/store/index.ts (which picks the kind of
 * store from its location) and programs against the interfaces that types.ts gathers: no
 * command or domain module imports a kind's own modules (sqlite-*, store-file, migrations…),
 * so a second kind of store changes nothing outside src/store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const importedModules = (text: string): string[] => [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? '');

/** index.js, types.js and the interface modules types.ts re-exports. */
const PUBLIC = new Set([
  'index.js',
  'types.js',
  ...importedModules(readFileSync(join(SRC, 'store/types.ts'), 'utf8')).flatMap((m) => (m.startsWith('./') ? [m.slice(2)] : [])),
]);

describe("the store's boundary", () => {
  it("is crossed only through src/store/index.ts and the store's interfaces", () => {
    const crossings = sourceFiles(SRC)
      .filter((file) => !relative(SRC, file).startsWith('store/'))
      .flatMap((file) =>
        importedModules(readFileSync(file, 'utf8'))
          .filter((module) => /(^|\/)store\/[^/]+$/.test(module))
          .map((module) => ({ file: relative(SRC, file), module })),
      );
    expect(crossings.length).toBeGreaterThan(10);
    expect(crossings.filter(({ module }) => !PUBLIC.has(module.split('/').at(-1) ?? ''))).toEqual([]);
  });
});
