/**
 * A giant line or field in an inventory (finding C5): refused as bad input naming the file and
 * the line, before it is held whole in memory (a 512 MB field once ended in exit 70, "Invalid
 * string length"). The cap is 1 MB of text per record, far above any real record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack, tempDir } from './run-cli.js';
import { run } from './run-in-process.js';
import { errorCodes } from './error-codes.js';

const HUGE = 'x'.repeat(2 * 1024 * 1024);
const HEADER = 'id,subject,category,created,location';
const POLICY = path.resolve('policies/leading-lives.yaml');
let dir: string;

beforeAll(() => {
  dir = tempDir();
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const record = (id: string, location = `files:${id}.txt`) => ({
  id,
  subject: 'S-1',
  category: 'note',
  created: '2020-01-01',
  location,
  events: {},
  flags: {},
});

describe('an inventory record over 1 MB', () => {
  it.each([
    ['CSV, a quoted field', 'huge.csv', `${HEADER}\nA-1,S-1,note,2020-01-01,files:a.txt\nA-2,S-1,note,2020-01-01,"${HUGE}"\n`, 3],
    [
      'CSV, a line without quotes',
      'huge-plain.csv',
      `${HEADER}\nA-1,S-1,note,2020-01-01,files:a.txt\n\nA-2,S-1,note,2020-01-01,${HUGE}\n`,
      4,
    ],
    ['JSON Lines', 'huge.jsonl', `${JSON.stringify(record('A-1'))}\n${JSON.stringify(record('A-2', HUGE))}\n`, 2],
    ['JSON Lines, no line break at all', 'huge-one-line.jsonl', `${JSON.stringify(record('A-1', HUGE))}`, 1],
    ['a JSON array', 'huge.json', `[\n${JSON.stringify(record('A-1'))},\n${JSON.stringify(record('A-2', HUGE))}\n]\n`, 3],
  ])('%s: bad input at its line (exit 2), nothing imported', async (_, name, text, line) => {
    const file = write(name, text);
    const store = path.join(dir, `${name}.db`);
    const result = await run(['inventory', 'import', file, '--db', store, '--policy', POLICY]);
    expect(result.code, result.stderr).toBe(2);
    expect(errorCodes(result.stderr)).toEqual(['inventory.record-too-long']);
    expect(result.stderr).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}(:\\d+)?: the record is longer than 1 MB`),
    );
    expect(expectNoStack(result.stderr)).toBe(true);
    expect(fs.existsSync(store)).toBe(false);
  });

  it('a record just under the cap is read', async () => {
    const file = write('big.jsonl', `${JSON.stringify(record('A-1', `files:${'y'.repeat(1024 * 1024 - 300)}`))}\n`);
    const result = await run(['plan', '--inventory', file, '--policy', POLICY, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
  });
});
