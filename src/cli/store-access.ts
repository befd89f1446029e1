/**
 * Opening the store for a command, and who the actor of its audit entries is.
 */
import os from 'node:os';
import { createStore } from '../store/sqlite-create.js';
import { somethingAt } from '../store/store-file.js';
import { openCommandStore } from './open-store.js';
import type { Store } from '../store/types.js';
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
 * How a command uses the store: `read` opens it read-only (the command works on a read-only
 * copy), `write` read-write; `create` (inventory import) makes it when no file is there —
 * whole or not at all, see createStore — and writes to the existing one otherwise.
 */
export type StoreUse = 'read' | 'write' | 'create';

/** Runs `fn` with the store open and closes it afterwards, whatever happens. */
export async function withStore<T>(
  flags: SourceFlags,
  ctx: CommandContext,
  config: RetentionConfig | null,
  use: StoreUse,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const file = storePath(flags, ctx, config);
  if (use === 'create' && !somethingAt(file)) return createStore(file, fn, { now: ctx.now });
  const store = await openCommandStore(file, ctx, use === 'read' ? 'read' : 'write');
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
