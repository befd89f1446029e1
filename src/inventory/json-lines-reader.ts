import { jsonToRecord } from './json-record.js';
import { parseJsonAt } from './json-text.js';
import { textLines } from './text-lines.js';
import { checkAt } from './problem.js';
import { oneRecord, placesAreLines, type PlacedBatch, type RecordReader } from './reader.js';
import type { InventoryInput } from './input.js';

/** Reads a JSON Lines inventory: one record object per line; blank lines are skipped. */
export const readJsonLinesRecords: RecordReader = (input) => ({
  records: streamJsonLines(input),
  linesOf: placesAreLines,
});

async function* streamJsonLines(inventory: InventoryInput): AsyncGenerator<PlacedBatch> {
  const path = inventory.name;
  const input = inventory.stream().setEncoding('utf8');
  let line = 0;
  try {
    for await (const text of textLines(input, path)) {
      line += 1;
      const json = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (json.trim() === '') continue;
      const value = parseJsonAt(json, { file: path, line, col: 1 });
      yield oneRecord(
        checkAt({ file: path, line, col: null }, () => jsonToRecord(value)),
        line,
      );
    }
  } finally {
    // Stopping early (a bad record) must close the file too.
    input.destroy();
  }
}
