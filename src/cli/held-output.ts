/**
 * Output held back until a command knows it has succeeded. `plan --inventory` reads the
 * inventory once, deciding and rendering as it goes, and a bad row near the end must still
 * leave stdout empty (DESIGN §5: nothing is printed from an inventory that fails). Reading the
 * file twice (once to check, once to plan) cost a whole second parse; holding the output costs
 * a copy. Text is kept in memory up to BUFFER_BYTES (as UTF-8) and beyond that in a private
 * temporary file (0600, unlinked as soon as it is open, so it goes with the process), then
 * written out by `release` in large pieces, with the real output's backpressure.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFailureReason } from '../file-input/open-failure.js';
import { RetentionError } from '../errors.js';
import type { Output } from './output.js';

/** An Output whose text reaches the real one only on `release`. */
export interface HeldOutput extends Output {
  /** Writes everything held to the real output, then forgets it. */
  release(): Promise<void>;
  /** Forgets everything held (the command failed). */
  discard(): void;
}

/** Text is encoded into this buffer as it comes (so that it does not outlive its batch), then spilled whole. */
const BUFFER_BYTES = 8 * 1024 * 1024;
const COPY_BYTES = 4 * 1024 * 1024;

export function holdOutput(out: Output): HeldOutput {
  let buffer: Buffer | null = Buffer.allocUnsafe(BUFFER_BYTES);
  let used = 0;
  let spool: number | null = null;
  let spooled = 0;

  const spill = (bytes: Uint8Array) => {
    try {
      spool ??= openSpool();
      for (let done = 0; done < bytes.length;) done += fs.writeSync(spool, bytes, done, bytes.length - done, spooled + done);
    } catch (error) {
      throw spoolError(error);
    }
    spooled += bytes.length;
  };
  const spillBuffer = () => {
    if (buffer !== null && used > 0) spill(buffer.subarray(0, used));
    used = 0;
  };
  const forget = () => {
    buffer = null;
    used = 0;
    if (spool !== null) fs.closeSync(spool);
    spool = null;
  };

  return {
    ...out,
    write: async (text) => {
      if (buffer === null) throw new Error('output written after it was released (this is a bug)');
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      const most = typeof text === 'string' ? text.length * 3 : text.length;
      if (used + most > buffer.length) spillBuffer();
      if (most > buffer.length) spill(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
      else if (typeof text === 'string') used += buffer.write(text, used, 'utf8');
      else {
        buffer.set(text, used);
        used += text.length;
      }
    },
    async release() {
      try {
        if (spool === null) {
          if (buffer !== null && used > 0) await out.write(buffer.subarray(0, used));
          return;
        }
        spillBuffer();
        const piece = Buffer.allocUnsafe(COPY_BYTES);
        for (let position = 0; position < spooled;) {
          const read = fs.readSync(spool, piece, 0, COPY_BYTES, position);
          position += read;
          // A copy per piece: the stream may still hold the previous one when this read reuses the buffer.
          await out.write(Buffer.from(piece.subarray(0, read)));
        }
      } finally {
        forget();
      }
    },
    discard: forget,
  };
}

function openSpool(): number {
  const path = join(tmpdir(), `retention-output-${randomUUID()}`);
  const fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
  fs.unlinkSync(path);
  return fd;
}

function spoolError(error: unknown): RetentionError {
  return new RetentionError(
    'environment.cannot-write',
    `cannot hold the plan back until the whole inventory is read: ${openFailureReason(error)} — the copy goes into ${tmpdir()}: make room there or set TMPDIR to a folder with room`,
  );
}
