import { beforeAll, describe, expect, test } from 'vitest';
import { detectFormat, readAllInventory } from '../../src/inventory/read.js';
import { makeInventoryDir, writeInventory } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await makeInventoryDir();
});

describe('detectFormat', () => {
  test.each([
    ['a.csv', 'csv'],
    ['A.CSV', 'csv'],
    ['a.json', 'json'],
    ['a.jsonl', 'jsonl'],
    ['a.ndjson', 'jsonl'],
  ])('%s is %s by its extension, without opening it', async (name, format) => {
    expect(await detectFormat(`${dir}/does-not-exist/${name}`)).toBe(format);
  });

  test.each([
    ['\uFEFF  \n [{"id":"a","category":"x"}]', 'json'],
    ['\n{"id":"a","category":"x"}\n', 'jsonl'],
    ['id,subject,category,created,location\na,,x,,\n', 'csv'],
  ])('an unknown extension is sniffed from the first character: %j', async (content, format) => {
    const path = await writeInventory(dir, `sniff-${format}.txt`, content);
    expect(await detectFormat(path)).toBe(format);
    expect((await readAllInventory(path, { flagNames: new Set() })).map((r) => r.id)).toEqual(['a']);
  });
});
