/**
 * Where output goes. Machine-readable output on stdout, diagnostics on stderr (DESIGN §5);
 * colour only on a terminal and never with NO_COLOR.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { visibleLines } from './render/visible.js';

export interface Output {
  /**
   * Writes to stdout, waiting when the pipe is full so a million-line plan stays in bounded
   * memory. Bytes are the output's until the promise resolves; then the caller may fill them
   * again (held-output.ts reads its spool back through two buffers).
   */
  write(text: string | Uint8Array): Promise<void>;
  /** A diagnostic line on stderr; a control character in it (from a record id, say) is shown as an escape, never acted on. */
  error(text: string): void;
  colour: ChalkInstance;
  stdoutIsTerminal: boolean;
  /** Columns that text for people (the table) should fit: the terminal's, else $COLUMNS; undefined when unknown. */
  width?: number;
}

/** A stream the tool writes to, and what is known of the terminal behind it (`process.stdout` is one). */
export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

/** The terminal's width when stdout is one, else a positive whole `COLUMNS` from the environment. */
export function outputWidth(stream: OutputStream, env: NodeJS.ProcessEnv): number | undefined {
  if (stream.isTTY && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isSafeInteger(columns) && columns > 0 ? columns : undefined;
}

export function colourEnabled(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/** Output on these streams: the process's own (process-context.ts), or a test's. */
export function streamOutput(stdout: OutputStream, stderr: OutputStream, env: NodeJS.ProcessEnv): Output {
  return {
    // No callback for text: on a file or /dev/null Node writes synchronously and defers the
    // callback with nextTick, which a promise-only loop that does not wait for it never
    // reaches — every batch's text stayed alive until exit (1.5 GB for a million-record plan).
    // Bytes wait for theirs (the stream may hold them until then), and so never pile up.
    // Errors arrive as 'error'.
    write: (data) =>
      new Promise((resolve) => {
        if (data.length === 0) resolve();
        else if (typeof data !== 'string') stdout.write(data, () => resolve());
        else if (stdout.write(data)) resolve();
        else stdout.once('drain', resolve);
      }),
    error: (text) => {
      const shown = visibleLines(text);
      stderr.write(shown.endsWith('\n') ? shown : `${shown}\n`);
    },
    colour: new Chalk({ level: colourEnabled(stdout, env) ? 1 : 0 }),
    stdoutIsTerminal: Boolean(stdout.isTTY),
    width: outputWidth(stdout, env),
  };
}
