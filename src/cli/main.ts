/**
 * The command line: commander wiring, and the one place where errors become exit codes.
 * Each command lives in its own file under commands/ and returns its exit code.
 */
import { Command, CommanderError } from 'commander';
import { RetentionError, EXIT, type ExitCode } from '../errors.js';
import { exitStatusHelp } from '../exit-codes.js';
import { messageOf } from '../error-details.js';
import type { Output, OutputStream } from './output.js';
import type { StandardInput } from '../file-input/standard-input.js';
import { processContext } from './process-context.js';
import { COMMANDS } from './commands/index.js';
import { packageVersion } from './version.js';
import { refuseEmptyOptionValues } from './options.js';

/** The exit codes, as every command's --help lists them (src/exit-codes.ts is the one table). */
const EXIT_STATUS_HELP = exitStatusHelp();

/**
 * Everything a command takes from the process it runs in. `main` builds it from `process`
 * (process-context.ts); tests build it from strings, to run commands in their own process.
 */
export interface CommandContext {
  out: Output;
  /** stderr itself, for apply's progress bar and question; `isTTY` says whether a person watches it (cron mails whatever is printed). */
  stderr: OutputStream;
  /** An inventory given as `-`, or a person's answer to apply's question. */
  stdin: StandardInput;
  /** Wall clock; the only one. The engine never sees it, only the as-of date derived from it. */
  now: () => Date;
  env: NodeJS.ProcessEnv;
  /** The working directory: relative paths on the command line start here. */
  cwd: string;
  /** Calls `listener` on SIGINT or SIGTERM until the returned function is called (apply stops after its batch). */
  onStopSignal: (listener: (signal: NodeJS.Signals) => void) => () => void;
}

export function buildProgram(ctx: CommandContext, setExit: (code: number) => void): Command {
  const program = new Command('retention')
    .description('Enforce data-retention policies: plan what is due, delete it, and prove every deletion.')
    // Before the commands are added: they inherit where commander writes help and its errors.
    .configureOutput({
      writeOut: (text) => void ctx.out.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // As commander does by default: the terminal's width, else 80.
      getOutHelpWidth: () => (ctx.out.stdoutIsTerminal ? ctx.out.width : undefined) ?? 80,
      getErrHelpWidth: () => (ctx.stderr.isTTY ? ctx.stderr.columns : undefined) ?? 80,
      // Only used to strip colour from help, which is never coloured.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .version(packageVersion(), '-V, --version', 'print the version of retention')
    .option('--debug', 'show stack traces for errors')
    .option('--config <file>', 'config file (default: ./retention.config.yaml when present)')
    .showHelpAfterError('(run "retention --help" for usage)')
    .addHelpText('after', EXIT_STATUS_HELP)
    .exitOverride()
    .hook('preAction', (_program, action) => refuseEmptyOptionValues(action));
  for (const register of COMMANDS) withExitStatusHelp(register(program, ctx, setExit));
  return program;
}

/** Every command and subcommand lists the exit codes under its --help (restic style). */
function withExitStatusHelp(command: Command): void {
  command.addHelpText('after', EXIT_STATUS_HELP);
  for (const sub of command.commands) withExitStatusHelp(sub);
}

export async function main(argv: string[]): Promise<void> {
  process.exitCode = (await runCommandLine(argv.slice(2), processContext())).code;
}

/**
 * Runs one command line (the words after `retention`) in `ctx` and returns its exit code, with
 * the error that ended it, if one did (already reported on ctx's stderr). Never throws.
 */
export async function runCommandLine(args: readonly string[], ctx: CommandContext): Promise<{ code: number; error: unknown }> {
  let code: number = EXIT.ok;
  try {
    await buildProgram(ctx, (exit) => (code = exit)).parseAsync(args, { from: 'user' });
    return { code, error: undefined };
  } catch (error) {
    return { code: reportError(error, ctx.out, args.includes('--debug')), error };
  }
}

/** Prints an error for a person (stack only with --debug) and returns its exit code. */
export function reportError(err: unknown, out: Output, debug: boolean): ExitCode {
  if (err instanceof CommanderError) {
    // commander has already printed its message; help and version are not failures.
    return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  if (err instanceof RetentionError) {
    // The stack begins with the message, so with --debug it is printed once, as the stack.
    out.error(debug && err.stack ? err.stack : err.message);
    return err.exitCode;
  }
  const message = messageOf(err);
  out.error(
    `retention: internal error: ${message}\nThis is a bug in retention; nothing more was changed. Re-run with --debug and report the output.`,
  );
  if (debug && err instanceof Error && err.stack) out.error(err.stack);
  return EXIT.internal;
}
