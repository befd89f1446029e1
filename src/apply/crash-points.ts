/**
 * Named points in the journaled deletion where the crash tests kill the process, to prove a
 * re-run settles whatever was left half-done. Inert unless RETENTION_TEST_CRASH_AT is set,
 * e.g. `after-delete:3` = SIGKILL this process the 3rd time it passes `after-delete`.
 * A third part names another signal: `after-outcomes:2:SIGSTOP` freezes the run there (outside
 * any transaction) so that a test can act while it is half done, then SIGCONT it.
 */
export type CrashPoint = 'after-intents' | 'after-delete' | 'after-outcomes';

const spec = process.env.RETENTION_TEST_CRASH_AT?.split(':');
const counts = new Map<string, number>();

export function crashPoint(name: CrashPoint): void {
  if (!spec || spec[0] !== name) return;
  const seen = (counts.get(name) ?? 0) + 1;
  counts.set(name, seen);
  if (seen === Number(spec[1] ?? 1)) process.kill(process.pid, spec[2] ?? 'SIGKILL');
}
