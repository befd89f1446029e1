/**
 * No import points back up the layers (issue 9.3). Each folder of src/ has a rank; a module may
 * import its own folder and folders of a lower rank only, so that the pure engine never depends
 * on how policies are loaded, and the domain never on the command line. The order, lowest first:
 *
 *   leaves (src/*.ts: vocabulary, errors and their code tables, audit-entry, small helpers)
 *   → engine, yaml, file-input, postgres → policy, inventory, targets → config → store → planner
 *   → audit, holds, events, saved-plans, scan → apply → cli
 *
 * The engine is stricter: of the leaves it imports only the vocabulary, and nothing that does I/O.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

const LEAVES = '(leaf)';
const RANKS: ReadonlyMap<string, number> = new Map([
  [LEAVES, 0],
  ['engine', 1],
  ['yaml', 1],
  ['file-input', 1],
  ['file-output', 1],
  ['postgres', 1],
  ['policy', 2],
  ['inventory', 2],
  ['targets', 2],
  ['config', 3],
  ['store', 4],
  ['planner', 5],
  ['audit', 6],
  ['holds', 6],
  ['events', 6],
  ['saved-plans', 6],
  ['scan', 6],
  ['apply', 7],
  ['cli', 8],
]);

/** The folder of a module under src/ (its first path segment), or LEAVES for a file directly in src/. */
const layerOf = (relative: string) => (relative.includes('/') ? (relative.split('/')[0] ?? LEAVES) : LEAVES);

interface Import {
  from: string;
  to: string;
  /** A bare package name or `node:` module; null for a module of src/. */
  external: string | null;
}

function importsOfSrc(): Import[] {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((from) => {
    const text = readFileSync(path.join(SRC, from), 'utf8');
    return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)].flatMap(([, spec]): Import[] => {
      if (spec === undefined) return [];
      if (!spec.startsWith('.')) return [{ from, to: spec, external: spec }];
      const to = path.relative(SRC, path.resolve(path.dirname(path.join(SRC, from)), spec)).replace(/\.js$/, '.ts');
      return [{ from, to, external: null }];
    });
  });
}

describe('the layers of src/', () => {
  const imports = importsOfSrc();

  it('every folder has a rank', () => {
    const unranked = [...new Set(imports.map((i) => layerOf(i.from)))].filter((layer) => !RANKS.has(layer));
    expect(unranked).toEqual([]);
  });

  it('no module imports a folder above its own', () => {
    const upward = imports
      .filter((i) => i.external === null)
      .filter((i) => {
        const from = layerOf(i.from);
        const to = layerOf(i.to);
        return from !== to && (RANKS.get(to) ?? Infinity) >= (RANKS.get(from) ?? -Infinity);
      })
      .map((i) => `${i.from} → ${i.to}`);
    expect(upward).toEqual([]);
  });

  it('the engine imports only its own files, the vocabulary and luxon: no policy loading, no clock source, no I/O', () => {
    const outside = imports
      .filter((i) => layerOf(i.from) === 'engine')
      .filter((i) => (i.external === null ? layerOf(i.to) !== 'engine' && i.to !== 'vocabulary.ts' : i.external !== 'luxon'))
      .map((i) => `${i.from} → ${i.to}`);
    expect(outside).toEqual([]);
  });
});
