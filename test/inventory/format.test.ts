import { beforeAll, describe, expect, test } from 'vitest';
import { detectFormat, openInventory, readAllInventory } from '../../src/inventory/read.js';
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
  ])('%s is %s by its extension, without reading it', async (name, format) => {
    const unread = { name: `${dir}/${name}`, start: () => Promise.reject(new Error('read')) };
    expect(await detectFormat(unread)).toBe(format);
  });

  test.each([
    ['\uFEFF  \n [{"id":"a","category":"x"}]', 'json'],
    ['\n{"id":"a","category":"x"}\n', 'jsonl'],
    ['id,subject,category,created,location\na,,x,,\n', 'csv'],
  ])('an unknown extension is sniffed from the first character: %j', async (content, format) => {
    const path = await writeInventory(dir, `sniff-${format}.txt`, content);
    const input = await openInventory(path);
    expect(await detectFormat(input)).toBe(format);
    await input.close();
    expect((await readAllInventory(path, { flagNames: new Set() })).map((r) => r.id)).toEqual(['a']);
  });
});
