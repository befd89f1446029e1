/**
 * One source for exits and errors (issue 9.2): the exit table produces `--help`'s "Exit status"
 * and the README's tables are checked against it; every error code's exit follows from its kind;
 * anything that is not a RetentionError is a bug (70).
 */
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { Chalk } from 'chalk';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, reportError, type CommandContext } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { ERROR_CODES, errorCodeMarkdown, type ErrorCode } from '../../src/error-codes.js';
import { EXIT_BY_KIND, RetentionError } from '../../src/errors.js';
import { EXIT, exitStatusHelp, exitStatusMarkdown, exitStatuses } from '../../src/exit-codes.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function quietOutput(errors: string[] = []): Output {
  return { write: async () => {}, error: (text) => void errors.push(text), colour: new Chalk({ level: 0 }), stdoutIsTerminal: false };
}

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

describe('the exit codes', () => {
  it('are the ones DESIGN §5 fixes, 70 included', () => {
    expect(exitStatuses().map((s) => s.code)).toEqual([0, 1, 2, 3, 70, 75]);
  });

  it('are the README table, word for word', () => {
    expect(README).toContain(`## Exit codes\n\n${exitStatusMarkdown()}\n`);
  });

  it("end every command's --help", () => {
    const ctx: CommandContext = {
      out: quietOutput(),
      stderr: new PassThrough(),
      stdin: { isTerminal: false, path: null, stream: () => Readable.from([]) },
      now: () => new Date(),
      env: {},
      cwd: process.cwd(),
      onStopSignal: () => () => undefined,
    };
    const commands = everyCommand(buildProgram(ctx, () => {}));
    expect(commands.length).toBeGreaterThan(20);
    for (const command of commands) {
      let help = '';
      command.configureOutput({ writeOut: (text) => void (help += text) });
      command.outputHelp();
      expect(help.trimEnd().endsWith(exitStatusHelp().trimEnd()), command.name()).toBe(true);
    }
    expect(exitStatusHelp()).toMatch(/^ {2}70 {2}internal error: a bug in retention/m);
  });
});

describe('the error codes', () => {
  it('are the README list, each with the exit its kind gives', () => {
    expect(README).toContain(errorCodeMarkdown((kind) => EXIT_BY_KIND[kind]));
  });

  it.each(Object.keys(ERROR_CODES) as ErrorCode[])('%s exits as its kind says, and is shown with the message', (code) => {
    const error = new RetentionError(code, 'what happened\n  hint: what to do');
    expect(error.exitCode).toBe(EXIT_BY_KIND[ERROR_CODES[code].kind]);
    expect(error.message).toBe(`what happened [${code}]\n  hint: what to do`);
    const errors: string[] = [];
    expect(reportError(error, quietOutput(errors), false)).toBe(error.exitCode);
    expect(errors).toEqual([error.message]);
  });

  it('never give 70, which only an error that is not ours gives, saying it is a bug', () => {
    expect(new Set(Object.values(EXIT_BY_KIND))).not.toContain(EXIT.internal);
    const errors: string[] = [];
    expect(reportError(new TypeError("Cannot read properties of undefined (reading 'hash')"), quietOutput(errors), false)).toBe(
      EXIT.internal,
    );
    expect(errors.join('\n')).toMatch(/internal error: .*\nThis is a bug in retention/);
  });
});
