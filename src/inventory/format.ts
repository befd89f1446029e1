import { extname } from 'node:path';
import type { InventoryInput } from './input.js';

export type InventoryFormat = 'csv' | 'json' | 'jsonl';

const FORMAT_BY_EXTENSION: ReadonlyMap<string, InventoryFormat> = new Map([
  ['.csv', 'csv'],
  ['.json', 'json'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
]);

const SNIFF_BYTES = 64 * 1024;

/**
 * The format of an inventory: by its name's extension (`.csv`, `.json`, `.jsonl`, `.ndjson`,
 * any case), otherwise (stdin, a pipe, another extension) by its first non-space character:
 * `[` is a JSON array, `{` JSON Lines, anything else CSV. Only that second case reads the input.
 */
export async function detectFormat(input: Pick<InventoryInput, 'name' | 'start'>): Promise<InventoryFormat> {
  const byExtension = FORMAT_BY_EXTENSION.get(extname(input.name).toLowerCase());
  if (byExtension) return byExtension;
  const first = (await input.start(SNIFF_BYTES))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  return 'csv';
}
