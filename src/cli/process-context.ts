/**
 * The process the command line runs in, as a CommandContext: the one place where commands'
 * streams, environment, working directory, clock and signals are read from `process`.
 */
import { isatty } from 'node:tty';
import type { CommandContext } from './main.js';
import { streamOutput } from './output.js';

export function processContext(): CommandContext {
  // `retention audit export | head`: the reader went away; that is not an error worth a trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  return {
    out: streamOutput(process.stdout, process.stderr, process.env),
    stderr: process.stderr,
    // Reopened by name, a file redirected with `<` is read through its own descriptor.
    stdin: { isTerminal: isatty(0), path: '/dev/stdin', stream: () => process.stdin },
    now: () => new Date(),
    env: process.env,
    cwd: process.cwd(),
    onStopSignal: (listener) => {
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}
