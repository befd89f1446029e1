/**
 * The small error vocabulary of the tool: a RetentionError carries a stable code (error-codes.ts),
 * whose kind fixes the exit code (exit-codes.ts), the numbers it is about as data, and, for a bad
 * file, every problem found in it. Anything thrown that is not a RetentionError is a bug and says so.
 */
import { ERROR_CODES, type CodeOfKind, type ErrorCode, type ErrorKind } from './error-codes.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { ProblemCode } from './problem-codes.js';
import { characterCount, headOf, tailOf } from './text-cut.js';

export { EXIT, type ExitCode } from './exit-codes.js';
export type { ErrorCode, ErrorKind } from './error-codes.js';
export type { ProblemCode } from './problem-codes.js';

export const EXIT_BY_KIND: Readonly<Record<ErrorKind, ExitCode>> = {
  usage: EXIT.badInput,
  input: EXIT.badInput,
  refused: EXIT.badInput,
  environment: EXIT.badInput,
  'store-damaged': EXIT.badInput,
  'safety-limit': EXIT.safetyLimit,
  locked: EXIT.locked,
};

/** One problem found in a file, with the position the user must look at. */
export interface Problem {
  code: ProblemCode;
  file: string;
  line: number | null;
  col: number | null;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

/** A place in a file: the file as the user named it, 1-based line and column (null when unknown). */
export type FilePosition = Pick<Problem, 'file' | 'line' | 'col'>;

/** `file:line:col: message [code]` (line and col left out when unknown), then the hint. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== null ? p.col : null].filter((x) => x !== null).join(':');
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${prefix}${shortened(p.message)} [${p.code}]${p.hint ? `\n  hint: ${p.hint}` : ''}`;
}

/** Characters of a problem's message kept at its start, and at its end, when it is longer than both. */
const MESSAGE_HEAD = 1000;
const MESSAGE_TAIL = 200;

/**
 * A message that quotes a hostile value (an id of a megabyte, escaped six characters a
 * character) cut in its middle, saying how much: one bad row made two megabytes of cron mail.
 */
function shortened(message: string): string {
  if (message.length - MESSAGE_HEAD - MESSAGE_TAIL <= 100) return message;
  const head = headOf(message, MESSAGE_HEAD);
  const tail = tailOf(message, MESSAGE_TAIL);
  const leftOut = characterCount(message) - characterCount(head) - characterCount(tail);
  return `${head} … (${leftOut} characters left out) … ${tail}`;
}

/** What an error is about, as data: counts, ids, dates, the flag at fault. */
export type ErrorData = Readonly<Record<string, ErrorValue>>;
type ErrorValue = string | number | boolean | null | readonly ErrorValue[] | { readonly [key: string]: ErrorValue };

export class RetentionError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly problems: readonly Problem[];
  readonly data: ErrorData;
  /**
   * @param text what a person reads; the code is added after its first line (before any hint),
   * except for a bad file, whose text lists its problems, each with its own code.
   */
  constructor(code: ErrorCode, text: string, options: { problems?: readonly Problem[]; data?: ErrorData } = {}) {
    const kind = ERROR_CODES[code].kind;
    const problems = options.problems ?? [];
    super(kind === 'input' && problems.length > 0 ? text : withCode(text, code));
    this.name = 'RetentionError';
    this.code = code;
    this.kind = kind;
    this.problems = problems;
    this.data = options.data ?? {};
  }
  get exitCode(): ExitCode {
    return EXIT_BY_KIND[this.kind];
  }
}

function withCode(text: string, code: ErrorCode): string {
  const end = text.indexOf('\n');
  return end < 0 ? `${text} [${code}]` : `${text.slice(0, end)} [${code}]${text.slice(end)}`;
}

function problemsText(problems: readonly Problem[]): string {
  return problems
    .filter((p) => p.severity === 'error')
    .map(formatProblem)
    .join('\n');
}

/** Bad input in a file (`policy.invalid`, …): the message lists every error, each naming file and line. */
export function inputError(code: CodeOfKind<'input'>, problems: readonly Problem[], data?: ErrorData): RetentionError {
  return new RetentionError(code, problemsText(problems), { problems, ...(data ? { data } : {}) });
}

/** The command line is wrong: a flag's value, a missing or conflicting flag, an id that names nothing. */
export function usageError(code: CodeOfKind<'usage'>, message: string, data?: ErrorData): RetentionError {
  return new RetentionError(code, message, data ? { data } : {});
}

/** What was asked would break a rule of the tool (an edited plan, a record not due); nothing was changed. */
export function refusal(code: CodeOfKind<'refused'>, message: string, data?: ErrorData): RetentionError {
  return new RetentionError(code, message, data ? { data } : {});
}

/** The machine is in the way (a full disk, a read-only or busy store, a target that cannot be opened). */
export function environmentError(code: CodeOfKind<'environment'>, message: string, data?: ErrorData): RetentionError {
  return new RetentionError(code, message, data ? { data } : {});
}
