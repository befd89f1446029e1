/**
 * The process the command line runs in, as a CommandContext: the one place where commands'
 * streams, environment, working directory, clock and signals are read from `process`.
 */
import { isatty } from 'node:tty';
import type { CommandContext } from './main.js';
import { fileStdout } from './file-stdout.js';
import { streamOutput } from './output.js';
import { EXIT } from '../errors.js';
import { openFailureReason } from '../file-input/open-failure.js';

export function processContext(): CommandContext {
  const stdout = fileStdout() ?? process.stdout;
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    // `retention audit export | head`: the reader went away; that is not an error worth a trace.
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // A full disk or a broken device behind `>`: the machine's problem, said once, no trace.
    // The commands that print much only read the store, so nothing else was changed; exit 1,
    // as for any action that failed, since part of the output may already be out there.
    process.stderr.write(
      `retention: cannot write the output: ${outputFailureReason(err)}; what was written is incomplete, do not use it. Nothing else was changed.\n`,
    );
    process.exit(EXIT.someFailed);
  });
  return {
    out: streamOutput(stdout, process.stderr, process.env),
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

function outputFailureReason(err: NodeJS.ErrnoException): string {
  return err.code === undefined ? openFailureReason(err) : `${openFailureReason(err)} (${err.code})`;
}
