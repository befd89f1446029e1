import type { Readable } from 'node:stream';

/**
 * A command's standard input: an inventory given as `-`, or a person's answer at a prompt.
 * The launcher describes the process's own (src/cli/process-context.ts); tests give a string.
 */
export interface StandardInput {
  /** A person at a terminal, not a pipe or a file. */
  readonly isTerminal: boolean;
  /**
   * A path that opens the same input again (`/dev/stdin`), so that a file redirected with `<`
   * is read through its own descriptor; null when the input is a stream only.
   */
  readonly path: string | null;
  /** The input as a stream: what a prompt reads, and what a socket must be read as. */
  stream(): Readable;
}
