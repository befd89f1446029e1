/**
 * Files no target may ever delete, whatever a record says (issue A4): the store (and the
 * SQLite files beside it), the config, the policy, each `files` target's sentinel and each
 * `sqlite` target's database. A record `top:retention.db` under a target whose root is the
 * tool's own folder would otherwise delete the audit log that proves every deletion. They are
 * known by device and inode, taken once when the targets are opened, so that no other name or
 * link of the same file gets past; the `files` target compares them with the fstat it makes
 * anyway before an unlink.
 */
import fs from 'node:fs';

/** What a protected file is to the tool, as the refusal names it. */
export type OwnFileRole = 'store' | 'config' | 'policy' | 'sentinel' | 'target database';

const REFUSALS: Readonly<Record<OwnFileRole, string>> = {
  store: "refused: this is retention's own store",
  config: "refused: this is retention's own config",
  policy: "refused: this is retention's own policy",
  sentinel: "refused: this is a target's sentinel (its mount check)",
  'target database': 'refused: this is the database of a sqlite target',
};

export interface OwnFile {
  readonly path: string;
  readonly role: OwnFileRole;
}

/** The SQLite files of a database at `file`: itself and its write-ahead log, shared memory and rollback journal. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/** The tool's own files: the store (with the SQLite files beside it), the config and the policy. */
export function toolFiles(files: { readonly store: string; readonly config: string; readonly policy: string }): OwnFile[] {
  return [
    ...sqliteFiles(files.store).map((file): OwnFile => ({ path: file, role: 'store' })),
    { path: files.config, role: 'config' },
    { path: files.policy, role: 'policy' },
  ];
}

export class OwnFiles {
  static readonly NONE = new OwnFiles(new Map());

  private constructor(private readonly byIdentity: ReadonlyMap<string, OwnFileRole>) {}

  /** The files among `files` that exist now, by identity; the others cannot be deleted by anyone anyway. */
  static identify(files: readonly OwnFile[]): OwnFiles {
    const byIdentity = new Map<string, OwnFileRole>();
    for (const { path, role } of files) {
      let stats: fs.BigIntStats | undefined;
      try {
        stats = fs.statSync(path, { bigint: true, throwIfNoEntry: false });
      } catch {
        continue;
      }
      if (stats && !byIdentity.has(identity(stats))) byIdentity.set(identity(stats), role);
    }
    return new OwnFiles(byIdentity);
  }

  /** What the file with these stats is to the tool; null when it is not one of its own. */
  roleOf(stats: { readonly dev: bigint; readonly ino: bigint }): OwnFileRole | null {
    return this.byIdentity.size === 0 ? null : (this.byIdentity.get(identity(stats)) ?? null);
  }

  /** Why the file with these stats must not be deleted; null when it is not one of the tool's own. */
  refusalFor(stats: { readonly dev: bigint; readonly ino: bigint }): string | null {
    const role = this.roleOf(stats);
    return role === null ? null : REFUSALS[role];
  }
}

function identity(stats: { readonly dev: bigint; readonly ino: bigint }): string {
  return `${stats.dev}:${stats.ino}`;
}
