/**
 * The contract every deletion target implements (DESIGN §2, §6). A target type is one module
 * registered by name in registry.ts; the apply step only ever talks to this interface.
 */
import type { TSchema } from '@sinclair/typebox';
import type { OwnFile, OwnFiles } from './own-files.js';

/** The target types there are, one module each (registry.ts maps each name to its module). */
export const TARGET_TYPE_NAMES = ['files', 'manual', 'postgres', 'sqlite'] as const;
export type TargetTypeName = (typeof TARGET_TYPE_NAMES)[number];

export function isTargetTypeName(name: string): name is TargetTypeName {
  return TARGET_TYPE_NAMES.some((known) => known === name);
}

export type TargetOutcome =
  /**
   * Removed now. `fingerprint` tells the item removed from another put at its place later
   * (files: size and modification time; sqlite: a hash of the row's values); null when the
   * target takes none. The store keeps it with the tombstone (see findAgain).
   */
  | { ref: string; outcome: 'deleted'; fingerprint: string | null }
  /** Already gone ("already absent"): counts as deleted. */
  | { ref: string; outcome: 'absent' }
  /** Refused or failed; nothing else was touched. `error` never holds a path or personal data. */
  | { ref: string; outcome: 'failed'; error: string }
  /** Cannot be reached by the tool: goes on the destruction worklist. */
  | { ref: string; outcome: 'manual' };

/**
 * What is at a deleted record's place now, against the fingerprint taken when it was deleted:
 * the `same` item (a restored backup), an item that cannot be compared (`unverified`: no
 * fingerprint was taken), a `different` item (a new record's file or row at a reused path or
 * key), or `none` (nothing there, or the target cannot tell).
 */
export type FoundAgain = 'same' | 'unverified' | 'different' | 'none';

export interface Target {
  readonly name: string;
  readonly type: TargetTypeName;
  /** Delete these refs, one outcome per ref, same order. Never throws for a single bad ref. */
  deleteBatch(refs: readonly string[]): Promise<TargetOutcome[]>;
  /**
   * Called once the outcomes of the deletions so far are committed to the store: the target
   * may now tidy what they left (the `files` target removes the folders they emptied). Not
   * before: a crash between a deletion and its outcome must leave the file's folder for the
   * next run to look in (settle, issue C2). Never throws.
   */
  tidy(): Promise<void>;
  /**
   * Whether the item still exists (settling interrupted runs; reappearance checks): false only
   * when its absence is believed after a deletion of it by the tool; 'unknown' for manual, and
   * whenever the target cannot tell (unreadable, locked). Never throws.
   */
  exists(ref: string): Promise<boolean | 'unknown'>;
  /** Whether a deleted record's item is back (see FoundAgain). Never throws; 'none' for manual. */
  findAgain(ref: string, fingerprint: string | null): Promise<FoundAgain>;
  /**
   * Why the target cannot be asked anything more in this run (a database that stayed locked);
   * null while it can. Tells "this item's fate is unknown" from "nobody could look" after an
   * 'unknown' from `exists`, so that a read-only look-up can say it was skipped.
   */
  unavailableReason(): string | null;
  /**
   * Pre-flight (DESIGN §6), run before anything is deleted: whether the target is set up so
   * that deleting from it makes sense (a root that is a folder, a table with its key column…).
   * Problems a person must fix → messages; [] when fine. A target that is only busy for now
   * (a locked database) is not a problem here: its records fail one by one instead.
   */
  check(): Promise<string[]>;
  close(): Promise<void>;
}

export interface TargetType<C> {
  type: TargetTypeName;
  /** TypeBox schema of this type's config block (additionalProperties false), e.g. { type: 'files', root: string }. */
  configSchema: TSchema;
  /**
   * Config-load checks of the block's own text (identifiers, a sentinel's name) → messages;
   * [] when fine. Never the disk: every command loads the config, and a share not mounted
   * today must not block holds, events or the audit log. Whether the root or database is
   * there is the pre-flight's question (open, then Target.check).
   */
  check(config: C): string[];
  /** The files this target's setup relies on (a sentinel, a database): no target may delete them. Paths only, the disk is not read. */
  ownFiles(config: C, baseDir: string): OwnFile[];
  /** Opens the target; `own` are the files it must never delete (the store, config, policy, every target's ownFiles). */
  open(name: string, config: C, baseDir: string, own: OwnFiles): Promise<Target>;
}
