/**
 * A private temporary file that output is appended to and then read back whole: where
 * held-output.ts keeps what does not fit in memory. Created 0600 and unlinked as soon as it is
 * open, so it goes with the process, even a killed one. Appends run in libuv's pool while the
 * command goes on computing (on two cores the copy into the page cache is then nearly free),
 * one at a time, in order of position.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFailureReason } from '../file-input/open-failure.js';
import { RetentionError } from '../errors.js';

const READ_BYTES = 1024 * 1024;

export class SpoolFile {
  private fd: number | null = null;
  private length = 0;
  /** The append under way; it never rejects: a failure is kept in `failure` and thrown by the next call. */
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  get opened(): boolean {
    return this.fd !== null;
  }

  /**
   * Starts appending `pieces` once the append before has finished, and resolves as soon as it
   * has started: the caller must not change the pieces afterwards.
   */
  async append(pieces: readonly Uint8Array[]): Promise<void> {
    const fd = await this.idle();
    const position = this.length;
    for (const piece of pieces) this.length += piece.length;
    this.writing = writeAll(fd, pieces, position).catch((error: unknown) => {
      this.failure = error;
    });
  }

  /**
   * Resolves once every append so far has reached the file; throws the failure of one.
   * Until then the pieces given to `append` are still being read.
   */
  async flushed(): Promise<void> {
    await this.idle();
  }

  /**
   * Everything appended, from the start, in pieces read into two buffers in turn: a piece is
   * the caller's only until it asks for the next one, and the one after is read meanwhile. A
   * new buffer per piece was garbage the collector seldom saw (a few small objects per
   * megabyte) and piled up: some 12 MB of a million-record plan's peak.
   */
  async *readBack(): AsyncGenerator<Uint8Array> {
    const fd = await this.idle();
    let into = Buffer.allocUnsafe(READ_BYTES);
    let other = Buffer.allocUnsafe(READ_BYTES);
    const readFrom = (position: number) => {
      [into, other] = [other, into];
      const read = readPiece(fd, into, position);
      // Awaited below; a failure while the caller is still busy with the previous piece must not go unhandled meanwhile.
      read.catch(() => {});
      return read;
    };
    let position = 0;
    let next = position < this.length ? readFrom(position) : null;
    while (next !== null) {
      const piece = await next.catch((error: unknown) => {
        throw spoolError(error);
      });
      if (piece.length === 0) throw spoolError(new Error(`the file ended at byte ${position} of ${this.length}`));
      position += piece.length;
      // The next piece is read while the caller writes this one.
      next = position < this.length ? readFrom(position) : null;
      yield piece;
    }
  }

  /** Forgets the file; an append under way finishes first, so its descriptor cannot be reused meanwhile. */
  close(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    void this.writing.finally(() => {
      try {
        fs.closeSync(fd);
      } catch {
        // Nothing is left to lose: the file was unlinked and its contents are no longer wanted.
      }
    });
  }

  /** The descriptor, once the append under way has finished; throws the failure of an append. */
  private async idle(): Promise<number> {
    await this.writing;
    if (this.failure !== null) throw spoolError(this.failure);
    try {
      this.fd ??= openSpool();
    } catch (error) {
      throw spoolError(error);
    }
    return this.fd;
  }
}

function openSpool(): number {
  const path = join(tmpdir(), `retention-output-${randomUUID()}`);
  const fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
  fs.unlinkSync(path);
  return fd;
}

/** Writes every byte of `pieces` at `position`, going on after a short write. */
function writeAll(fd: number, pieces: readonly Uint8Array[], position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const writeFrom = (rest: readonly Uint8Array[], at: number) => {
      fs.writev(fd, rest, at, (error, written) => {
        if (error) return reject(error);
        const left = withoutFirstBytes(rest, written);
        if (left.length === 0) resolve();
        else writeFrom(left, at + written);
      });
    };
    if (pieces.length === 0) resolve();
    else writeFrom(pieces, position);
  });
}

function withoutFirstBytes(pieces: readonly Uint8Array[], count: number): Uint8Array[] {
  const left: Uint8Array[] = [];
  let skip = count;
  for (const piece of pieces) {
    if (skip >= piece.length) skip -= piece.length;
    else {
      left.push(skip === 0 ? piece : piece.subarray(skip));
      skip = 0;
    }
  }
  return left;
}

function readPiece(fd: number, into: Buffer, position: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    fs.read(fd, into, 0, into.length, position, (error, bytesRead, buffer) => {
      if (error) reject(error);
      else resolve(buffer.subarray(0, bytesRead));
    });
  });
}

function spoolError(error: unknown): RetentionError {
  return new RetentionError(
    'environment.cannot-write',
    `cannot hold the plan back until the whole inventory is read: ${openFailureReason(error)} — the copy goes into ${tmpdir()}: make room there or set TMPDIR to a folder with room`,
  );
}
