/**
 * Named points in the journaled deletion where the crash tests kill the process, to prove a
 * re-run settles whatever was left half-done. Inert unless RETENTION_TEST_CRASH_AT is set,
 * e.g. `after-delete:3` = SIGKILL this process the 3rd time it passes `after-delete`.
 * A third part names another signal: `after-outcomes:2:SIGSTOP` freezes the run there (outside
 * any transaction) so that a test can act while it is half done, then SIGCONT it.
 */
export type CrashPoint = 'after-intents' | 'after-delete' | 'after-outcomes';

/** Called as a run passes each named point. */
export type PassCrashPoint = (name: CrashPoint) => void;

/** The crash points the command's environment asks for: nothing happens at any unless it does. */
export function crashPointsFrom(env: NodeJS.ProcessEnv): PassCrashPoint {
  const spec = env.RETENTION_TEST_CRASH_AT?.split(':');
  if (!spec) return () => undefined;
  const counts = new Map<string, number>();
  return (name) => {
    if (spec[0] !== name) return;
    const seen = (counts.get(name) ?? 0) + 1;
    counts.set(name, seen);
    if (seen === Number(spec[1] ?? 1)) process.kill(process.pid, spec[2] ?? 'SIGKILL');
  };
}
