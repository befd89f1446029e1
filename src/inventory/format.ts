import { extname } from 'node:path';
import { openInventoryFile } from './source.js';

export type InventoryFormat = 'csv' | 'json' | 'jsonl';

const FORMAT_BY_EXTENSION: Record<string, InventoryFormat> = {
  '.csv': 'csv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

const SNIFF_BYTES = 64 * 1024;

/**
 * The format of an inventory file: by extension (`.csv`, `.json`, `.jsonl`, `.ndjson`, any
 * case), otherwise by its first non-space character: `[` is a JSON array, `{` JSON Lines,
 * anything else CSV. Only an unknown extension makes it open the file.
 */
export async function detectFormat(path: string): Promise<InventoryFormat> {
  const byExtension = FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
  if (byExtension) return byExtension;
  const handle = await openInventoryFile(path);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    const first = buffer.toString('utf8', 0, bytesRead).replace(/^\uFEFF/, '').trimStart()[0];
    if (first === '[') return 'json';
    if (first === '{') return 'jsonl';
    return 'csv';
  } finally {
    await handle.close();
  }
}
