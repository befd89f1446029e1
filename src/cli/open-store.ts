/**
 * How every command opens the store: with the command's clock, and the store's warnings
 * (a store other users may read) on the command's stderr.
 */
import { openStore } from '../store/sqlite-store.js';
import type { Store, StoreAccess } from '../store/types.js';
import type { CommandContext } from './main.js';

/** `read` for commands that only read (plan, explain, audit, hold list…): they work on a read-only copy too. */
export function openCommandStore(file: string, ctx: CommandContext, access: StoreAccess): Promise<Store> {
  return openStore(file, { access, now: ctx.now, onWarning: (message) => ctx.out.error(message) });
}
