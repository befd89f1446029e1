/**
 * One apply run at a time per store and target (DESIGN §6): the run locks the targets it may
 * delete from, or stops at once, before anything is changed, naming the holder (exit 75).
 */
import { RetentionError } from '../errors.js';
import type { LockScope, RunLock, RunLockHandle } from '../store/types.js';

/** Takes the run lock for `run` over `scope`; a live holder makes this run stop with exit 75, naming it and the targets it holds. */
export async function acquireRunLock(store: RunLock, run: string, scope: LockScope): Promise<RunLockHandle> {
  const attempt = await store.acquireRunLock(run, scope);
  if (attempt.acquired) return attempt;
  const h = attempt.holder;
  const targets =
    attempt.targets.length === 0
      ? 'this store'
      : `${attempt.targets.length === 1 ? 'target' : 'targets'} ${attempt.targets.join(', ')} of this store`;
  const client = h.client ? `, connected from ${h.client}` : '';
  throw new RetentionError(
    'apply.locked',
    `another run holds the lock on ${targets}: run ${h.run}, pid ${h.pid} on ${h.host}${client}, since ${h.acquiredAt}; nothing was changed — try again when it has finished\n` +
      (h.client === undefined
        ? `  hint: a run that will never finish (its host renamed, its pid reused, or hung) is dealt with by: retention unlock ${h.run} --by NAME`
        : // A server's session lock: nothing for `unlock` to free; the session itself must end.
          `  hint: a run that hangs but stays connected keeps the lock until its session ends: end it on the server with SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'retention ${h.run} %'; the next run settles what it left`),
    { data: { run: h.run, pid: h.pid, host: h.host, client: h.client ?? null, since: h.acquiredAt, targets: attempt.targets } },
  );
}
