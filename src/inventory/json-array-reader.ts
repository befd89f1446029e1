import { scanJsonArray } from './json-array-scanner.js';
import { jsonToRecord } from './json-record.js';
import { parseJsonAt } from './json-text.js';
import type { RecordReader } from './reader.js';
import { openInventoryFile } from './source.js';

/** Streams a JSON array inventory, one element at a time; each record is located where its `{` is. */
export const readJsonArrayRecords: RecordReader = async function* (path, _flagNames) {
  const handle = await openInventoryFile(path);
  const chunks = handle.createReadStream({ encoding: 'utf8' });
  for await (const element of scanJsonArray(chunks, path)) {
    const at = { file: path, line: element.line, col: element.col };
    yield { record: jsonToRecord(parseJsonAt(element.text, at), at), line: element.line };
  }
};
