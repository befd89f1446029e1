/**
 * A small file named on the command line, or `-` for standard input (as `inventory import -`
 * reads it): the same size cap either way, and a terminal on stdin refused rather than waited on.
 */
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { describeSize, readSmallFile, unreadable, SMALL_FILE_LIMIT, type SmallFileRequest } from './small-file.js';
import type { StandardInput } from './standard-input.js';

/** The name that means standard input. */
export const STDIN_ARGUMENT = '-';

/** How messages name standard input. */
export const STDIN_SHOWN = 'stdin';

/**
 * The bytes of `name` (relative to `cwd`), or of `stdin` for `-` (messages then name "stdin").
 * @throws RetentionError `file.unreadable` as readSmallFile, and for a terminal on stdin.
 */
export async function readSmallInput(
  name: string,
  origin: { cwd: string; stdin: StandardInput },
  request: Omit<SmallFileRequest, 'shownAs'>,
): Promise<Buffer> {
  if (name !== STDIN_ARGUMENT) return readSmallFile(resolve(origin.cwd, name), { ...request, shownAs: name });
  const shown = { ...request, shownAs: STDIN_SHOWN };
  if (origin.stdin.isTerminal) throw unreadable(shown, 'standard input is a terminal: pipe the file in, or name it');
  return readCapped(origin.stdin.stream(), shown);
}

async function readCapped(stream: Readable, request: SmallFileRequest): Promise<Buffer> {
  const limit = request.limit ?? SMALL_FILE_LIMIT;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += bytes.length;
    if (total > limit) {
      stream.destroy();
      throw unreadable(request, `it is larger than ${describeSize(limit)}`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}
