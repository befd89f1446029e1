/** The store: open one with openStore; program against the Store interface. */
export { openStore } from './sqlite-store.js';
export type * from './types.js';
