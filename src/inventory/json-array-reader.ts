import { scanJsonArray } from './json-array-scanner.js';
import { jsonToRecord } from './json-record.js';
import { parseJsonAt } from './json-text.js';
import { checkAt } from './problem.js';
import { oneRecord, placesAreLines, type PlacedBatch, type RecordReader } from './reader.js';
import type { InventoryInput } from './input.js';

/** Reads a JSON array inventory one element at a time; a record is placed where its `{` is. */
export const readJsonArrayRecords: RecordReader = (input) => ({
  records: streamJsonArray(input),
  linesOf: placesAreLines,
});

async function* streamJsonArray(input: InventoryInput): AsyncGenerator<PlacedBatch> {
  for await (const element of scanJsonArray(input.stream().setEncoding('utf8'), input.name)) {
    const at = { file: input.name, line: element.line, col: element.col };
    const value = parseJsonAt(element.text, at);
    yield oneRecord(
      checkAt(at, () => jsonToRecord(value)),
      element.line,
    );
  }
}
