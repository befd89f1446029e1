/**
 * An inventory opened once and read from its start as often as a command needs: `plan` reads
 * it to the end before printing anything (so a bad last row leaves stdout empty), then again
 * to print; an error between records reads it once more to find the lines. A pipe can be read
 * only once, so stdin (`-`), a FIFO or /dev/stdin is first copied into a private temporary
 * file; a regular file is read through the descriptor opened at the start, and a file that
 * changes while it is read is refused.
 */
import { randomUUID } from 'node:crypto';
import { constants, type BigIntStats } from 'node:fs';
import { open, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { kindOfSpecialFile, openFailureReason } from '../file-input/open-failure.js';
import type { StandardInput } from '../file-input/standard-input.js';
import { inventoryError } from './problem.js';
import { errnoCode } from '../error-details.js';

export interface InventoryInput {
  /** The inventory as messages name it: the path as the user gave it, or "stdin" for `-`. */
  readonly name: string;
  /** A new stream of the inventory's bytes from the first one. */
  stream(): Readable;
  /** Up to `length` bytes from the start, to recognise the format. */
  start(length: number): Promise<Buffer>;
  /** @throws RetentionError (input) when the file was written to since it was opened. */
  checkUnchanged(): Promise<void>;
  close(): Promise<void>;
}

/** The name that means standard input (DESIGN §5: `inventory import -`). */
export const STDIN_NAME = '-';

const INVENTORY_HINT = 'give a CSV, JSON or JSON Lines file, or - to read standard input';

/** Where an inventory named on the command line is found: paths from `cwd`, `-` on `stdin`. */
export interface InventoryOrigin {
  /** The command's working directory; without it a relative path is the process's own. */
  cwd?: string;
  /** Without it, `-` is refused: there is no standard input to read. */
  stdin?: StandardInput;
}

/**
 * Opens the inventory at `path` (`-` for standard input).
 * @throws RetentionError (input) for a missing or unreadable file, a folder or a device, a
 * terminal on stdin, or a pipe that cannot be copied (no room in the temporary folder).
 */
export async function openInventory(path: string, origin: InventoryOrigin = {}): Promise<InventoryInput> {
  if (path === STDIN_NAME) return openStandardInput(origin.stdin);
  return openNamed(path, origin.cwd === undefined ? path : resolve(origin.cwd, path), null);
}

async function openStandardInput(stdin: StandardInput | undefined): Promise<InventoryInput> {
  const name = 'stdin';
  if (!stdin) throw inventoryError(whole(name), 'inventory.unreadable', 'there is no standard input to read here', INVENTORY_HINT);
  if (stdin.isTerminal) {
    throw inventoryError(
      whole(name),
      'inventory.unreadable',
      'standard input is a terminal, not an inventory',
      'pipe the inventory in, e.g. retention inventory import - < inventory.csv',
    );
  }
  return stdin.path === null ? spool(name, stdin.stream()) : openNamed(name, stdin.path, stdin);
}

/** Opens `file`; `stdin` when it is the process's standard input, which a socket cannot be opened as. */
async function openNamed(name: string, file: string, stdin: StandardInput | null): Promise<InventoryInput> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    // A socket on stdin (how some process managers start commands) cannot be opened by name.
    if (stdin && errnoCode(error) === 'ENXIO') return spool(name, stdin.stream());
    throw inventoryError(whole(name), 'inventory.unreadable', openFailureReason(error), INVENTORY_HINT);
  }
  const stats = await handle.stat({ bigint: true });
  if (stats.isFile()) return fileInput(name, handle, stats);
  // The stream closes the pipe's descriptor when it ends or fails.
  if (stats.isFIFO() || stats.isSocket()) return spool(name, handle.createReadStream());
  await handle.close();
  throw inventoryError(whole(name), 'inventory.unreadable', `is ${kindOfSpecialFile(stats)}, not an inventory file`, INVENTORY_HINT);
}

/**
 * Copies `source` into a temporary file that only this process can read (0600, removed from
 * its folder as soon as it is open, so it goes away with the process, even a killed one).
 */
async function spool(name: string, source: Readable): Promise<InventoryInput> {
  const path = join(tmpdir(), `retention-inventory-${randomUUID()}`);
  const flags = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(path, flags, 0o600).catch((error: unknown) => {
    source.destroy();
    throw spoolError(name, error);
  });
  try {
    await unlink(path);
    // Not a write stream on the handle: one that has finished keeps the handle from closing.
    await writeFile(handle, source);
    return fileInput(name, handle, await handle.stat({ bigint: true }));
  } catch (error) {
    source.destroy();
    await handle.close();
    throw spoolError(name, error);
  }
}

function spoolError(name: string, error: unknown) {
  return inventoryError(
    whole(name),
    'inventory.unreadable',
    `cannot keep a copy of the inventory to read it more than once: ${openFailureReason(error)}`,
    `the copy goes into ${tmpdir()}: make room there or set TMPDIR to a folder with room`,
  );
}

function fileInput(name: string, handle: FileHandle, opened: BigIntStats): InventoryInput {
  return {
    name,
    stream: () => Readable.from(chunksOf(handle), { objectMode: false }),
    start: async (length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    },
    checkUnchanged: async () => {
      if (sameContent(opened, await handle.stat({ bigint: true }))) return;
      throw inventoryError(
        whole(name),
        'inventory.changed',
        'the file changed while it was being read; nothing was done',
        'run again once whatever writes the file has finished (write it under another name and rename it into place)',
      );
    },
    close: () => handle.close(),
  };
}

const CHUNK_BYTES = 64 * 1024;

/**
 * The file's bytes from the start, by positional reads: passes never disturb each other, and
 * (unlike a file stream, which closes its descriptor when destroyed) the descriptor stays open
 * for the next pass.
 */
async function* chunksOf(handle: FileHandle): AsyncGenerator<Buffer> {
  for (let position = 0; ;) {
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(CHUNK_BYTES), 0, CHUNK_BYTES, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * Size and modification time are what a write changes; the descriptor pins the same file.
 * Not ctime: it also moves when the file is renamed over or unlinked, which leaves what this
 * descriptor reads untouched.
 */
function sameContent(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

const whole = (file: string) => ({ file, line: null, col: null });
