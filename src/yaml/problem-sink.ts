/** Collects every problem found in one YAML file (policy or config), so all of them are reported in one go. */
import type { Problem, ProblemCode } from '../errors.js';
import type { YamlDocumentName } from '../problem-codes.js';
import type { Position } from './locate.js';

export class ProblemSink {
  private readonly problems: Problem[] = [];

  /**
   * @param file the file as messages name it
   * @param documentName what the file holds, for messages about the whole file ("the config is empty")
   */
  constructor(
    readonly file: string,
    readonly documentName: YamlDocumentName,
  ) {}

  error(code: ProblemCode, at: Position, message: string, hint?: string): void {
    this.add(code, 'error', at, message, hint);
  }

  warning(code: ProblemCode, at: Position, message: string, hint?: string): void {
    this.add(code, 'warning', at, message, hint);
  }

  hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }

  /** All problems, in the order they appear in the file (unknown positions first). */
  sorted(): Problem[] {
    return [...this.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  }

  private add(code: ProblemCode, severity: Problem['severity'], at: Position, message: string, hint: string | undefined): void {
    this.problems.push({ code, file: this.file, line: at.line, col: at.col, message, ...(hint ? { hint } : {}), severity });
  }
}
