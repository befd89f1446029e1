/**
 * The small error vocabulary of the tool and the one table that maps it to exit codes
 * (DESIGN §5). Anything thrown that is not a RetentionError is a bug and says so.
 */
export const EXIT = {
  ok: 0,
  someFailed: 1,
  badInput: 2,
  safetyLimit: 3,
  locked: 75,
} as const;

/**
 * `environment`: the machine, not the user's files, is in the way (a full disk, a read-only
 * or busy store, a folder or device where the store should be). `store-damaged`: SQLite
 * found the store file corrupt. Both are found before anything changed, or leave the store
 * as its last commit left it; neither is ever a bug (DESIGN §5).
 */
export type ErrorKind = 'usage' | 'input' | 'environment' | 'store-damaged' | 'safety-limit' | 'locked';

const EXIT_BY_KIND: Record<ErrorKind, number> = {
  usage: EXIT.badInput,
  input: EXIT.badInput,
  environment: EXIT.badInput,
  'store-damaged': EXIT.badInput,
  'safety-limit': EXIT.safetyLimit,
  locked: EXIT.locked,
};

/** One problem found in a file, with the position the user must look at. */
export interface Problem {
  file: string;
  line: number | null;
  col: number | null;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

/** A place in a file: the file as the user named it, 1-based line and column (null when unknown). */
export type FilePosition = Pick<Problem, 'file' | 'line' | 'col'>;

/** `file:line:col: message` (line and col left out when unknown). */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== null ? p.col : null].filter((x) => x !== null).join(':');
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${prefix}${p.message}${p.hint ? `\n  hint: ${p.hint}` : ''}`;
}

export class RetentionError extends Error {
  readonly kind: ErrorKind;
  readonly problems: Problem[];
  constructor(kind: ErrorKind, message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'RetentionError';
    this.kind = kind;
    this.problems = problems;
  }
  get exitCode(): number {
    return EXIT_BY_KIND[this.kind];
  }
}

/** Bad input in a file: the message already names file and line. */
export function inputError(problems: Problem[]): RetentionError {
  const errors = problems.filter((p) => p.severity === 'error');
  return new RetentionError('input', errors.map(formatProblem).join('\n'), problems);
}

export const usageError = (message: string) => new RetentionError('usage', message);
