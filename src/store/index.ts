/**
 * Where every command gets its store: the kind of store is chosen from its location, here and
 * nowhere else: a `postgres://` URL is a PostgreSQL store, anything else a SQLite file.
 * Program against the interfaces in types.ts, never against a kind's modules.
 */
import { isPostgresLocation } from '../postgres/url.js';
import { sqliteStores } from './sqlite-kind.js';
import type { CreateStoreOptions, OpenStoreOptions, Store, StoreKind, StoreUse } from './store.js';

export type * from './types.js';

/** Loaded on first use: a SQLite user's every command does not pay for loading the PostgreSQL driver. */
const postgresStores: StoreKind = {
  open: async (location, options) => (await import('./postgres-kind.js')).postgresStores.open(location, options),
  create: async (location, fill, options) => (await import('./postgres-kind.js')).postgresStores.create(location, fill, options),
  occupied: async (location) => (await import('./postgres-kind.js')).postgresStores.occupied(location),
};

function kindOf(location: string): StoreKind {
  return isPostgresLocation(location) ? postgresStores : sqliteStores;
}

/** Opens the existing store at `location`: read-only for `access: 'read'`, else read-write and migrated. Never makes one. */
export function openStore(location: string, options: OpenStoreOptions): Promise<Store> {
  return kindOf(location).open(location, options);
}

/**
 * Makes a store at `location`, where there is none, and fills it with `fill` (an import); it
 * appears only when `fill` succeeded. The store passed to `fill` is closed when `fill` ends.
 */
export function createStore<R>(location: string, fill: (store: Store) => Promise<R>, options: CreateStoreOptions = {}): Promise<R> {
  return kindOf(location).create(location, fill, options);
}

/**
 * Runs `work` with the store at `location` and closes it afterwards, whatever happens. `read`
 * opens it read-only, `write` read-write; `create` makes it when nothing is there (whole or
 * not at all, see createStore) and writes to the existing one otherwise.
 */
export async function withStore<R>(
  location: string,
  options: Omit<OpenStoreOptions, 'access'> & { use: StoreUse },
  work: (store: Store) => Promise<R>,
): Promise<R> {
  const kind = kindOf(location);
  const { use, ...rest } = options;
  if (use === 'create' && !(await kind.occupied(location))) return kind.create(location, work, rest);
  const store = await kind.open(location, { ...rest, access: use === 'read' ? 'read' : 'write' });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
