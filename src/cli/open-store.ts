/**
 * How every command opens the store: with the command's clock, and the store's warnings
 * (a store other users may read) on the command's stderr.
 */
import { openStore, withStore, type Store, type StoreAccess, type StoreUse } from '../store/index.js';
import type { CommandContext } from './main.js';

function commandStoreOptions(ctx: CommandContext) {
  return { now: ctx.now, onWarning: (message: string) => ctx.out.error(message) };
}

/** `read` for commands that only read (plan, explain, audit, hold list…): they work on a read-only copy too. */
export function openCommandStore(location: string, ctx: CommandContext, access: StoreAccess): Promise<Store> {
  return openStore(location, { ...commandStoreOptions(ctx), access });
}

/** Runs `fn` with the store open for `use` (see withStore in the store) and closes it afterwards. */
export function withCommandStore<T>(location: string, ctx: CommandContext, use: StoreUse, fn: (store: Store) => Promise<T>): Promise<T> {
  return withStore(location, { ...commandStoreOptions(ctx), use }, fn);
}
