/**
 * Targets that reach the same items under different names (review 2, point 1): a `files`
 * target whose root is inside (or is) another's, or two `sqlite` targets on one table of one
 * database. A record of one could then name another record's file or row by a location the
 * shared-location guard cannot match (`all:records/x.txt` and `rec:x.txt`), so apply refuses
 * such a config before deleting anything, and `validate` and `plan` warn of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TargetConfig } from '../config/load.js';

/** What a target reaches, compared by real path (and device and inode, for another spelling of one folder). */
interface Reach {
  readonly name: string;
  readonly kind: 'files' | 'sqlite';
  readonly real: string;
  readonly id: string;
  /** sqlite: the table (SQLite compares table names without case). */
  readonly table: string | null;
}

function reachOf(name: string, config: TargetConfig, baseDir: string): Reach | null {
  const place = config.type === 'files' ? config.root : config.type === 'sqlite' ? config.database : undefined;
  if (typeof place !== 'string') return null;
  try {
    const real = fs.realpathSync(path.resolve(baseDir, place));
    const stat = fs.statSync(real);
    const table = config.type === 'sqlite' && typeof config.table === 'string' ? config.table.toLowerCase() : null;
    return { name, kind: config.type === 'files' ? 'files' : 'sqlite', real, id: `${stat.dev}:${stat.ino}`, table };
  } catch {
    // A root or database that is missing is the pre-flight's business (the target fails its check).
    return null;
  }
}

function inside(folder: string, other: string): boolean {
  const relative = path.relative(folder, other);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Why two targets overlap, or null. */
function overlap(a: Reach, b: Reach): string | null {
  if (a.kind !== b.kind) return null;
  const same = a.id === b.id || a.real === b.real;
  if (a.kind === 'sqlite')
    return same && a.table === b.table ? `targets "${a.name}" and "${b.name}" name the same table of the same database` : null;
  if (same) return `targets "${a.name}" and "${b.name}" have the same root`;
  if (inside(a.real, b.real)) return `the root of target "${b.name}" is inside that of target "${a.name}"`;
  if (inside(b.real, a.real)) return `the root of target "${a.name}" is inside that of target "${b.name}"`;
  return null;
}

/** One message per pair of declared targets that reach the same items; [] when none do. */
export function overlappingTargets(configs: ReadonlyMap<string, TargetConfig>, baseDir: string): string[] {
  const reaches = [...configs].flatMap(([name, config]) => reachOf(name, config, baseDir) ?? []);
  const problems: string[] = [];
  reaches.forEach((a, i) => {
    for (const b of reaches.slice(i + 1)) {
      const why = overlap(a, b);
      if (why !== null)
        problems.push(
          `${why}: one item can be named by a record of each, and deleting it for one would destroy the other's — give each target a place of its own`,
        );
    }
  });
  return problems;
}
