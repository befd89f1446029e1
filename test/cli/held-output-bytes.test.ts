/**
 * Held output given bytes as well as text, in pieces larger than what it keeps in memory: all
 * of it reaches the real output in order on release, and a discard while the spool is being
 * written leaves nothing behind.
 */
import { Chalk } from 'chalk';
import { describe, expect, test } from 'vitest';
import { holdOutput } from '../../src/cli/held-output.js';
import type { Output } from '../../src/cli/output.js';

function capture(): { out: Output; bytes: () => Buffer } {
  const pieces: Buffer[] = [];
  const out: Output = {
    write: async (data) => {
      pieces.push(Buffer.from(typeof data === 'string' ? Buffer.from(data, 'utf8') : data));
    },
    error: () => {},
    colour: new Chalk({ level: 0 }),
    stdoutIsTerminal: false,
  };
  return { out, bytes: () => Buffer.concat(pieces) };
}

describe('held output of bytes', () => {
  test('keeps text and bytes in order, pieces past the in-memory part included', async () => {
    const { out, bytes } = capture();
    const held = holdOutput(out);
    const expected: Buffer[] = [];
    for (let i = 0; i < 40; i++) {
      const piece = Buffer.alloc(i % 7 === 0 ? 9 * 1024 * 1024 : 300_000 + i, 97 + (i % 26));
      await held.write(piece);
      expected.push(piece);
      const line = `line ${i} → ${'é'.repeat(i)}\n`;
      await held.write(line);
      expected.push(Buffer.from(line, 'utf8'));
    }
    expect(bytes().length).toBe(0);
    await held.release();
    expect(bytes().equals(Buffer.concat(expected))).toBe(true);
  });

  test('sends nothing when discarded while the spool is written', async () => {
    const { out, bytes } = capture();
    const held = holdOutput(out);
    for (let i = 0; i < 5; i++) await held.write(Buffer.alloc(6 * 1024 * 1024, 120));
    held.discard();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bytes().length).toBe(0);
    await expect(held.write('late')).rejects.toThrow(/bug/);
  });
});
