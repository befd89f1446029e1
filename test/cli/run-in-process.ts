/**
 * Runs a command line INSIDE the test process, as `cli()` (run-cli.ts) runs the built binary:
 * the same program (`runCommandLine`), with the standard streams, environment, working
 * directory and clock given here instead of taken from the process — no Node start-up per
 * command, no build needed. Spawn the binary only where the process itself is the point.
 */
import { Readable, Writable } from 'node:stream';
import { runCommandLine, type CommandContext } from '../../src/cli/main.js';
import { streamOutput } from '../../src/cli/output.js';
import { REPO, type CliResult } from './run-cli.js';

export interface RunOptions {
  /** The working directory (default: the repository, as for `cli()`). */
  cwd?: string;
  /**
   * The command's whole environment is `NO_COLOR=1` and these. Not RETENTION_TEST_CRASH_AT: a
   * crash point kills the process it runs in, this one; the crash tests spawn the binary.
   */
  env?: NodeJS.ProcessEnv;
  /** Standard input: a pipe holding this text (empty by default), never a terminal. */
  input?: string;
  /** The wall clock (default: the real one). */
  now?: () => Date;
  /** A stop signal delivered as soon as the command listens for one; no real signal reaches a command run here. */
  signal?: NodeJS.Signals;
}

export interface RunResult extends CliResult {
  code: number;
  /** What ended the command, as thrown (already reported on stderr); undefined when nothing was. */
  error: unknown;
}

/** Collects what is written, as a pipe would pass it on. */
class Captured extends Writable {
  text = '';

  constructor() {
    super({ decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new Captured();
  const stderr = new Captured();
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', ...options.env };
  const input = Buffer.from(options.input ?? '');
  const ctx: CommandContext = {
    out: streamOutput(stdout, stderr, env),
    stderr,
    stdin: { isTerminal: false, path: null, stream: () => Readable.from(input.length > 0 ? [input] : []) },
    now: options.now ?? (() => new Date()),
    env,
    cwd: options.cwd ?? REPO,
    onStopSignal: (listener) => {
      if (options.signal) listener(options.signal);
      return () => undefined;
    },
  };
  const { code, error } = await runCommandLine(args, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text, error };
}
