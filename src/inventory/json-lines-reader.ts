import { createInterface } from 'node:readline';
import { jsonToRecord } from './json-record.js';
import { parseJsonAt } from './json-text.js';
import { checkAt } from './problem.js';
import { placesAreLines, type PlacedRecord, type RecordReader } from './reader.js';
import { openInventoryFile } from './source.js';

/** Reads a JSON Lines inventory: one record object per line; blank lines are skipped. */
export const readJsonLinesRecords: RecordReader = (path) => ({
  records: streamJsonLines(path),
  linesOf: placesAreLines,
});

async function* streamJsonLines(path: string): AsyncGenerator<PlacedRecord[]> {
  const handle = await openInventoryFile(path);
  const input = handle.createReadStream({ encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      const json = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (json.trim() === '') continue;
      const value = parseJsonAt(json, { file: path, line, col: 1 });
      yield [{ record: checkAt({ file: path, line, col: null }, () => jsonToRecord(value)), place: line }];
    }
  } finally {
    // readline does not close its input when the loop stops early.
    input.destroy();
  }
}
