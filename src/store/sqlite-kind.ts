/** The SQLite store as a kind of store: a location is a file path. */
import { createStore } from './sqlite-create.js';
import { openStore } from './sqlite-store.js';
import { somethingAt } from './store-file.js';
import type { StoreKind } from './store.js';

export const sqliteStores: StoreKind = {
  open: openStore,
  create: createStore,
  occupied: async (file) => somethingAt(file),
};
