import { createInterface } from 'node:readline';
import { jsonToRecord } from './json-record.js';
import { parseJsonAt } from './json-text.js';
import type { RecordReader } from './reader.js';
import { openInventoryFile } from './source.js';

/** Streams a JSON Lines inventory: one record object per line; blank lines are skipped. */
export const readJsonLinesRecords: RecordReader = async function* (path, _flagNames) {
  const handle = await openInventoryFile(path);
  const input = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      const json = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (json.trim() === '') continue;
      const at = { file: path, line, col: 1 };
      yield { record: jsonToRecord(parseJsonAt(json, at), { ...at, col: null }), line };
    }
  } finally {
    // readline does not close its input when the loop stops early.
    input.destroy();
  }
};
