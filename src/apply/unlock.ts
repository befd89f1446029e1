/**
 * Freeing a run lock by hand (`retention unlock`, finding C8). A lease is taken over by the
 * next run only when its holder is certainly gone from this host; one left on another host
 * name (a container recreated) or with a pid another process has since got stays for ever.
 * A person who has checked frees it; the log says who, and whether the holder looked alive.
 */
import { refusal, RetentionError, usageError } from '../errors.js';
import type { AuditContext, LockHolder, RunLock } from '../store/types.js';

/**
 * Frees the lock `run` holds and returns its holder. @throws RetentionError `unlock.not-held`
 * (exit 2) when `run` holds no lock, `unlock.holder-alive` (exit 75) when its process runs on
 * this host and `force` is not given; nothing is changed then.
 */
export async function unlockRun(
  store: RunLock,
  run: string,
  by: AuditContext,
  force: boolean,
): Promise<{ holder: LockHolder; holderAlive: boolean; pidReused: boolean }> {
  const result = await store.unlockRun(run, by, { force });
  switch (result.outcome) {
    case 'released':
      return result;
    case 'not-held':
      throw usageError(
        'unlock.not-held',
        `run ${run} does not hold the lock: ${result.holder === null ? 'no run holds it' : `run ${result.holder.run} does (${describeHolder(result.holder)})`}; nothing was changed`,
        {
          run,
          holder: result.holder?.run ?? null,
        },
      );
    case 'session-lock':
      throw refusal(
        'unlock.session-lock',
        result.serverPid === null
          ? `run ${run} holds no lock: on a PostgreSQL store a run's locks are session locks, which the server frees when the run's session ends (a killed run's too); there is nothing to unlock`
          : `run ${run} is still connected (server pid ${result.serverPid}) and holds its locks; nothing was changed. On a PostgreSQL store they are freed when its session ends.\n` +
              `  hint: if the run hangs, end its session on the server: SELECT pg_terminate_backend(${result.serverPid}); the next run then settles its journal`,
        { run, serverPid: result.serverPid },
      );
    case 'holder-alive': {
      const { pid } = result.holder;
      throw new RetentionError(
        'unlock.holder-alive',
        `run ${run} may still be running: pid ${pid} on this host is running (${describeHolder(result.holder)}); nothing was changed.\n` +
          `  hint: let it finish; if "ps -p ${pid}" shows pid ${pid} is not retention (the pid was given to another process), run again with --force`,
        { data: { run, pid, host: result.holder.host } },
      );
    }
  }
}

export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host}, since ${holder.acquiredAt}`;
}
