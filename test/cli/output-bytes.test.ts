/**
 * Bytes given to an output are the output's only until its write resolves (Output.write): the
 * held output reads its spool back through two buffers, each filled again as soon as the one
 * before it has been written, so a release no longer leaves a megabyte of garbage per piece.
 */
import { Writable } from 'node:stream';
import { Chalk } from 'chalk';
import { expect, test } from 'vitest';
import { holdOutput } from '../../src/cli/held-output.js';
import { streamOutput, type Output } from '../../src/cli/output.js';
import { exposedCollector } from '../collector.js';

/** A stream that reads each chunk only a turn of the event loop after it was given, as a busy pipe does. */
class SlowReader extends Writable {
  text = '';

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    setImmediate(() => {
      this.text += chunk.toString('latin1');
      done();
    });
  }
}

test('the process output is done with bytes once their write resolves', async () => {
  const stdout = new SlowReader();
  const out = streamOutput(stdout, new SlowReader(), {});
  const bytes = Buffer.alloc(4);
  for (const letter of 'abc') {
    bytes.fill(letter);
    await out.write(bytes);
  }
  expect(stdout.text).toBe('aaaabbbbcccc');
});

test('the held output is done with bytes once their write resolves, pieces larger than its buffer included', async () => {
  let text = '';
  const out: Output = {
    write: async (data) => void (text += Buffer.from(data).toString('latin1')),
    error: () => {},
    colour: new Chalk({ level: 0 }),
    stdoutIsTerminal: false,
  };
  const held = holdOutput(out);
  const bytes = Buffer.alloc(3 * 1024 * 1024);
  for (const letter of 'abc') {
    bytes.fill(letter);
    await held.write(bytes);
  }
  await held.release();
  expect(text).toBe(['a', 'b', 'c'].map((letter) => letter.repeat(bytes.length)).join(''));
});

test('a release reads the held output back without a new buffer per piece', async () => {
  const collect = exposedCollector();
  const size = 48 * 1024 * 1024;
  let written = 0;
  let before = 0;
  let most = 0;
  const out: Output = {
    write: async (data) => {
      written += data.length;
      most = Math.max(most, process.memoryUsage().arrayBuffers - before);
    },
    error: () => {},
    colour: new Chalk({ level: 0 }),
    stdoutIsTerminal: false,
  };
  const held = holdOutput(out);
  const piece = Buffer.alloc(256 * 1024, 'x');
  for (let at = 0; at < size; at += piece.length) await held.write(piece);
  collect({ type: 'major' });
  before = process.memoryUsage().arrayBuffers;
  await held.release();
  expect(written).toBe(size);
  // Two read buffers of 1 MB; a new one per piece grew by the whole 48 MB between collections.
  expect(most).toBeLessThan(8 * 1024 * 1024);
});
