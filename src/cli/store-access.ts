/**
 * Opening the store for a command, and who the actor of its audit entries is.
 */
import os from 'node:os';
import { openStore } from '../store/sqlite-store.js';
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
 * Runs `fn` with the store open and closes it afterwards, whatever happens.
 * `create: false` (reading commands) makes a missing store a usage error instead of an empty file.
 */
export async function withStore<T>(
  flags: SourceFlags,
  ctx: CommandContext,
  config: RetentionConfig | null,
  options: { create: boolean },
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(storePath(flags, ctx, config), { create: options.create, now: ctx.now });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
