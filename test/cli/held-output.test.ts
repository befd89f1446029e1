/**
 * `plan --inventory` holds its output back until the whole inventory is read (a bad last row
 * must leave stdout empty): what is held reaches stdout whole and in order, also past the
 * in-memory part, and nothing reaches it when the command fails.
 */
import { Chalk } from 'chalk';
import { describe, expect, test } from 'vitest';
import { holdOutput } from '../../src/cli/held-output.js';
import type { Output } from '../../src/cli/output.js';

function capture(): { out: Output; bytes: () => Buffer } {
  const pieces: Buffer[] = [];
  const out: Output = {
    write: async (text) => {
      pieces.push(Buffer.from(typeof text === 'string' ? Buffer.from(text, 'utf8') : text));
    },
    error: () => {},
    colour: new Chalk({ level: 0 }),
    stdoutIsTerminal: false,
  };
  return { out, bytes: () => Buffer.concat(pieces) };
}

describe('held output', () => {
  test('reaches the real output only on release, whole and in order, past the part kept in memory', async () => {
    const { out, bytes } = capture();
    const held = holdOutput(out);
    const lines: string[] = [];
    // About 20 MB, with multi-byte characters: more than the in-memory part, so some goes through the spool file.
    for (let i = 0; i < 120_000; i++) lines.push(`{"id":"r${i}","reason":"kept — ${'é'.repeat(i % 200)}"}\n`);
    for (const line of lines) await held.write(line);
    await held.write(Buffer.from('the end\n'));
    expect(bytes().length).toBe(0);
    await held.release();
    expect(bytes().toString('utf8')).toBe(`${lines.join('')}the end\n`);
  });

  test('sends nothing when discarded', async () => {
    const { out, bytes } = capture();
    const held = holdOutput(out);
    for (let i = 0; i < 50_000; i++) await held.write(`line ${i} ${'x'.repeat(200)}\n`);
    held.discard();
    expect(bytes().length).toBe(0);
  });
});
