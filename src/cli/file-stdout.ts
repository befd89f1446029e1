/**
 * stdout when it is a regular file (`retention plan … > report.csv`). Node's own stream for
 * that case writes each piece with one `fs.writeSync` and ignores a short count, and a disk
 * that fills up answers the last write of an output short rather than with an error: the
 * report ended at a record boundary, looked complete, and the command exited 0.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { writeWholeSync } from '../file-output/write-whole.js';

/** A stream writing every byte to descriptor 1 when that is a regular file; null otherwise (a pipe, a terminal, /dev/null), where Node's streams report a failed write themselves. */
export function fileStdout(): Writable | null {
  let isFile: boolean;
  try {
    isFile = fs.fstatSync(1).isFile();
  } catch {
    return null;
  }
  if (!isFile) return null;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        writeWholeSync(1, chunk);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}
