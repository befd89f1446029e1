/**
 * The store's contract (DESIGN §2): asynchronous and batch-oriented so that a PostgreSQL store
 * can sit behind the same interface, and one conformance suite (test/store/conformance) for
 * every implementation. Every write that changes state also appends its audit entries in the
 * same transaction. Code that needs one area of the store takes that area's interface.
 */
import type { AuditLog } from './audit-log.js';
import type { Events } from './events.js';
import type { Holds } from './holds.js';
import type { Inventory } from './inventory.js';
import type { PolicyVersions } from './policy-versions.js';
import type { RunJournal } from './run-journal.js';
import type { RunLock } from './run-lock.js';
import type { SavedPlans } from './saved-plans.js';
import type { StoreCopy } from './store-copy.js';

export interface Store extends Inventory, Events, Holds, RunJournal, RunLock, AuditLog, SavedPlans, PolicyVersions, StoreCopy {
  close(): Promise<void>;
}

/** `read`: a read-only connection (the store may be a read-only copy); `write`: read-write, migrated. */
export type StoreAccess = 'read' | 'write';

/** How a command uses the store: `create` makes it when there is none (inventory import), else writes to it. */
export type StoreUse = StoreAccess | 'create';

export interface CreateStoreOptions {
  /** The clock for audit timestamps and row times; tests inject one. Default: `new Date()`. */
  now?: () => Date;
}

export interface OpenStoreOptions extends CreateStoreOptions {
  access: StoreAccess;
  /** Where to say that the store is open to other users (a command's stderr). */
  onWarning?: (message: string) => void;
}

/** One kind of store (a SQLite file, a PostgreSQL database): how to open and make one at its location. */
export interface StoreKind {
  /** Opens the existing store at `location`; never makes one. */
  open(location: string, options: OpenStoreOptions): Promise<Store>;
  /**
   * Makes a store at `location`, where there is none, and fills it with `fill`: whole or not
   * at all. The store passed to `fill` is closed when `fill` ends.
   */
  create<R>(location: string, fill: (store: Store) => Promise<R>, options: CreateStoreOptions): Promise<R>;
  /** Whether anything is at `location` already (then `create` use opens it for writing instead). */
  occupied(location: string): Promise<boolean>;
}
