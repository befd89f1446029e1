/**
 * Writing every byte of an output to a file descriptor. A file system that fills up (or a
 * file size limit) answers a write with the bytes that still fit, and only the next write with
 * an error; `fs.writeSync` returns that short count and Node's own stream for stdout on a file
 * drops the rest. When the short write was the output's last, a report or an inventory was cut
 * at a line boundary with exit 0 and no message.
 */
import fs from 'node:fs';

/** Writes all of `data` to `fd`, going on after a short write so that a full disk raises its error. */
export function writeWholeSync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let at = 0;
  while (at < bytes.length) {
    const written = fs.writeSync(fd, bytes, at, bytes.length - at);
    // write(2) returns 0 only for an empty request; were it ever to, stopping is the safe answer.
    if (written === 0) throw Object.assign(new Error('the system wrote nothing'), { code: 'EIO' });
    at += written;
  }
}
