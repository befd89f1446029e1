import { scanJsonArray } from './json-array-scanner.js';
import { jsonToRecord } from './json-record.js';
import { parseJsonAt } from './json-text.js';
import { checkAt } from './problem.js';
import { placesAreLines, type PlacedRecord, type RecordReader } from './reader.js';
import { openInventoryFile } from './source.js';

/** Reads a JSON array inventory one element at a time; a record is placed where its `{` is. */
export const readJsonArrayRecords: RecordReader = (path) => ({
  records: streamJsonArray(path),
  linesOf: placesAreLines,
});

async function* streamJsonArray(path: string): AsyncGenerator<PlacedRecord[]> {
  const handle = await openInventoryFile(path);
  for await (const element of scanJsonArray(handle.createReadStream({ encoding: 'utf8' }), path)) {
    const at = { file: path, line: element.line, col: element.col };
    const value = parseJsonAt(element.text, at);
    yield [{ record: checkAt(at, () => jsonToRecord(value)), place: element.line }];
  }
}
