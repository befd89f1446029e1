import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { beforeAll, describe, expect, test } from 'vitest';
import { makeInventoryDir, readBatches, readFailure, writeInventory } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await makeInventoryDir();
});

/** Writes `count` lines made by `line(i)` without building the file in memory. */
async function writeLines(name: string, first: string | null, count: number, line: (i: number) => string): Promise<string> {
  const path = `${dir}/${name}`;
  const out = createWriteStream(path);
  if (first !== null) out.write(`${first}\n`);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${line(i)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

describe('large inventories stream in batches', () => {
  test('a 200,000-row CSV comes in many batches with every record', async () => {
    const rows = 200_000;
    const path = await writeLines(
      'big.csv',
      'id,subject,category,created,location,service_ended',
      rows,
      (i) => `r${i},s${i % 977},health,2019-04-01,,${i % 3 === 0 ? '2021-05-06' : ''}`,
    );
    let batches = 0;
    let records = 0;
    let withEvent = 0;
    let lastId = '';
    for await (const batch of readBatches(path, { flagNames: new Set(), batchSize: 1000 })) {
      expect(batch.length).toBeLessThanOrEqual(1000);
      batches += 1;
      records += batch.length;
      withEvent += batch.filter((r) => r.events.service_ended !== undefined).length;
      lastId = batch.at(-1)!.id;
    }
    expect(batches).toBe(200);
    expect(records).toBe(rows);
    expect(withEvent).toBe(Math.ceil(rows / 3));
    expect(lastId).toBe(`r${rows - 1}`);
  });

  test('a problem deep in a large CSV with blank lines and a multi-line record is reported on its line', async () => {
    const rows = 100_000;
    // A blank line after every 10th record; the last record spans two lines (a line break in a value is bad input).
    const path = await writeLines(
      'deep.csv',
      'id,subject,category,created,location',
      rows,
      (i) => `r${i},${i === rows - 1 ? '"two\nlines"' : 's'},health,2019-04-01,${i % 10 === 0 ? '\n' : ''}`,
    );
    const problem = (await readFailure(path)).problems[0]!;
    expect(problem).toMatchObject({ line: 1 + rows + rows / 10, code: 'inventory.invisible-character' });
  });

  test('a JSON array larger than one read chunk is cut into records correctly, lines included', async () => {
    const count = 20_000;
    // Pretty-printed: each element takes 6 lines, after the "[" line.
    const element = (i: number) =>
      JSON.stringify({ id: `r${i}`, category: 'x', events: { e: i === count - 1 ? '2023-02-30' : '2020-01-01' } }, null, 2);
    const path = await writeInventory(dir, 'big.json', `[\n${Array.from({ length: count }, (_, i) => element(i)).join(',\n')}\n]\n`);
    const problem = (await readFailure(path)).problems[0]!;
    expect(problem).toMatchObject({ line: 2 + (count - 1) * 7, message: 'e "2023-02-30" is not a date' });
  });

  test('a JSON array streams in batches', async () => {
    const count = 5_000;
    const path = await writeInventory(
      dir,
      'batches.json',
      JSON.stringify(Array.from({ length: count }, (_, i) => ({ id: `r${i}`, category: 'x' }))),
    );
    const sizes: number[] = [];
    for await (const batch of readBatches(path, { flagNames: new Set(), batchSize: 1000 })) sizes.push(batch.length);
    expect(sizes).toEqual([1000, 1000, 1000, 1000, 1000]);
  });
});
