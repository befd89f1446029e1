/**
 * One run at a time per store and target (DESIGN §6). A run asks for the targets it may delete
 * from; a store may lock them one by one (runs over different targets then overlap) or lock
 * the whole store for any of them (the SQLite store does). How a lock outlives a crashed
 * holder is the store's business: the SQLite lease row is taken over once its process is
 * gone; a lock held by a database session goes with the session.
 */

/** What a run locks: the targets it may delete from (by name). */
export interface LockScope {
  readonly targets: readonly string[];
}

/** Who holds a lock, as the refusal names them (DESIGN §5: exit 75 naming the holder). */
export interface LockHolder {
  readonly run: string;
  readonly pid: number;
  readonly host: string;
  /** When the holder took the lock, or, for a lock that a database session holds, when that session began (UTC ISO 8601). */
  readonly acquiredAt: string;
  /** The address the holder connects to the store from, when the store knows it (a PostgreSQL client). */
  readonly client?: string | null;
}

export interface RunLockHandle {
  /** A lock left behind by a run that died, taken over; null when the lock was free. */
  readonly tookOverFrom: LockHolder | null;
  /** Gives the lock back; a lock already taken over by another run stays theirs. */
  release(): Promise<void>;
}

/**
 * Either the lock, or who holds it (all of the scope, or none of it), and which targets of the
 * scope are held (a store that locks the whole store for any run: all of them).
 */
export type RunLockAttempt =
  | ({ readonly acquired: true } & RunLockHandle)
  | { readonly acquired: false; readonly holder: LockHolder; readonly targets: readonly string[] };

export interface RunLock {
  /** Locks `scope` for `run` without waiting: a live holder of any part of it refuses the whole. */
  acquireRunLock(run: string, scope: LockScope): Promise<RunLockAttempt>;
}
