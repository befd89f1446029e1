/**
 * The command line: commander wiring, and the one place where errors become exit codes.
 * Each command lives in its own file under commands/ and returns its exit code.
 */
import { Command, CommanderError } from 'commander';
import { RetentionError, EXIT, type ExitCode } from '../errors.js';
import { exitStatusHelp } from '../exit-codes.js';
import { messageOf } from '../error-details.js';
import { processOutput, type Output } from './output.js';
import { COMMANDS } from './commands/index.js';
import { packageVersion } from './version.js';
import { refuseEmptyOptionValues } from './options.js';

/** The exit codes, as every command's --help lists them (src/exit-codes.ts is the one table). */
const EXIT_STATUS_HELP = exitStatusHelp();

export interface CommandContext {
  out: Output;
  /** Wall clock; the only one. The engine never sees it, only the as-of date derived from it. */
  now: () => Date;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function buildProgram(ctx: CommandContext, setExit: (code: number) => void): Command {
  const program = new Command('retention')
    .description('Enforce data-retention policies: plan what is due, delete it, and prove every deletion.')
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
  const out = processOutput();
  const ctx: CommandContext = { out, now: () => new Date(), env: process.env, cwd: process.cwd() };
  let exitCode: number = EXIT.ok;
  try {
    await buildProgram(ctx, (code) => (exitCode = code)).parseAsync(argv);
  } catch (err) {
    exitCode = reportError(err, out, argv.includes('--debug'));
  }
  process.exitCode = exitCode;
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
  out.error(`retention: internal error: ${message}\nThis is a bug in retention; nothing more was changed. Re-run with --debug and report the output.`);
  if (debug && err instanceof Error && err.stack) out.error(err.stack);
  return EXIT.internal;
}
