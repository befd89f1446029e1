/** The store: open an existing one with openStore, make a new one with createStore; program against the Store interface. */
export { openStore } from './sqlite-store.js';
export { createStore } from './sqlite-create.js';
export type * from './types.js';
