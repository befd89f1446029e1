/**
 * The contract every deletion target implements (DESIGN §2, §6). A target type is one module
 * registered by name in registry.ts; the apply step only ever talks to this interface.
 */
import type { TSchema } from '@sinclair/typebox';

export type TargetOutcome =
  /** Removed now. */
  | { ref: string; outcome: 'deleted' }
  /** Already gone ("already absent"): counts as deleted. */
  | { ref: string; outcome: 'absent' }
  /** Refused or failed; nothing else was touched. `error` never holds a path or personal data. */
  | { ref: string; outcome: 'failed'; error: string }
  /** Cannot be reached by the tool: goes on the destruction worklist. */
  | { ref: string; outcome: 'manual' };

export interface Target {
  readonly name: string;
  readonly type: string;
  /** Delete these refs, one outcome per ref, same order. Never throws for a single bad ref. */
  deleteBatch(refs: readonly string[]): Promise<TargetOutcome[]>;
  /** Whether the item still exists (settling interrupted runs; reappearance checks). 'unknown' for manual. */
  exists(ref: string): Promise<boolean | 'unknown'>;
  /**
   * Pre-flight, before anything is deleted: why this target must not be deleted from now (a
   * root that is gone, a share whose mount check fails...) → messages without the target's
   * name; [] when fine.
   */
  check?(): Promise<string[]>;
  close(): Promise<void>;
}

export interface TargetType<C> {
  type: string;
  /** TypeBox schema of this type's config block (additionalProperties false), e.g. { type: 'files', root: string }. */
  configSchema: TSchema;
  /** Semantic checks at config-load time (identifier checks, root exists...) → messages; [] when fine. */
  check(config: C, baseDir: string): string[];
  open(name: string, config: C, baseDir: string): Promise<Target>;
}
