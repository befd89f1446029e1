/** The store's interfaces, one small file per area; `Store` (store.ts) is their composition. */
export type { AuditDraft, AuditEntry } from '../audit-entry.js';
export type * from './audit-context.js';
export type * from './audit-log.js';
export type * from './events.js';
export type * from './holds.js';
export type * from './inventory.js';
export type * from './policy-versions.js';
export type * from './run-journal.js';
export type * from './run-lock.js';
export type * from './saved-plans.js';
export type * from './store.js';
export type * from './store-copy.js';
