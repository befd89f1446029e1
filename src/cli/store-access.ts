/**
 * Opening the store for a command, and who the actor of its audit entries is.
 */
import os from 'node:os';
import type { Store, StoreUse } from '../store/index.js';
import { withCommandStore } from './open-store.js';
import type { RetentionConfig } from '../config/load.js';
import type { CommandContext } from './main.js';
import { storePath, type SourceFlags } from './sources.js';

/** The config's `actor:`, else the OS user name (DESIGN §2). */
export function actorOf(config: RetentionConfig | null): string {
  if (config?.actor) return config.actor;
  try {
    return os.userInfo().username;
  } catch {
    return `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

/**
 * Runs `fn` with the command's store open and closes it afterwards, whatever happens: `read`
 * opens it read-only (the command works on a read-only copy), `write` read-write; `create`
 * (inventory import) makes it when there is none — whole or not at all — and writes to the
 * existing one otherwise.
 */
export async function withStore<T>(
  flags: SourceFlags,
  ctx: CommandContext,
  config: RetentionConfig | null,
  use: StoreUse,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  return withCommandStore(storePath(flags, ctx, config), ctx, use, fn);
}
