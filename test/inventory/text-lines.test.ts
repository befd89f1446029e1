/** textLines splits as readline did (\n, \r\n, a lone \r), whatever the chunks, and caps a line. */
import { describe, expect, it } from 'vitest';
import { textLines } from '../../src/inventory/text-lines.js';
import { MAX_RECORD_CHARS } from '../../src/inventory/record-size.js';

async function linesOf(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of textLines(
    (async function* () {
      yield* chunks;
    })(),
    'f.jsonl',
  ))
    out.push(line);
  return out;
}

describe('textLines', () => {
  it.each([
    [['a\nb\n'], ['a', 'b']],
    [['a\r\nb'], ['a', 'b']],
    [
      ['a\r', '\nb\r\n'],
      ['a', 'b'],
    ],
    [['a\rb\r'], ['a', 'b']],
    [['a\n\nb'], ['a', '', 'b']],
    [
      ['a', 'b', '\nc'],
      ['ab', 'c'],
    ],
    [[''], []],
  ])('%j → %j', async (chunks, lines) => {
    expect(await linesOf(chunks)).toEqual(lines);
  });

  it('refuses a line past the cap with its line number, even before it ends', async () => {
    const long = 'x'.repeat(MAX_RECORD_CHARS + 1);
    await expect(linesOf(['ok\n\n', long.slice(0, 10), long.slice(10)])).rejects.toMatchObject({
      problems: [{ code: 'inventory.record-too-long', line: 3 }],
    });
  });
});
