import os from 'node:os';
import { RetentionError } from '../errors.js';
import type { LeaseHolder, Store } from '../store/types.js';

/** True unless the pid is certainly gone (ESRCH); EPERM means it exists under another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Takes the store's one-run-at-a-time lease for `run`. A lease left by a crashed run (its pid
 * gone on this host) is taken over; a live one makes this run stop at once with exit 75.
 * @returns the stale holder taken over, if any.
 */
export async function acquireRunLock(store: Store, run: string): Promise<LeaseHolder | null> {
  const result = await store.acquireLease({ run, pid: process.pid, host: os.hostname() }, isProcessAlive);
  if (result.acquired) return result.tookOverFrom;
  const h = result.holder;
  throw new RetentionError(
    'apply.locked',
    `another run holds the lock on this store: run ${h.run}, pid ${h.pid} on ${h.host}, since ${h.acquiredAt}; nothing was changed — try again when it has finished`,
    { data: { run: h.run, pid: h.pid, host: h.host, since: h.acquiredAt } },
  );
}
