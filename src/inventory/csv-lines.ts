/**
 * Line numbers of CSV records, found by reading the inventory again from its start (an
 * InventoryInput can be: a pipe was copied first). The reading pass leaves csv-parse's
 * per-record line information off because it makes a read half as slow again, and a line is
 * only needed to report a problem, which ends the read anyway.
 */
import { parse, type CsvError, type Info } from 'csv-parse';
import type { InventoryInput } from './input.js';

type LineCounts = Pick<Info, 'lines' | 'empty_lines'>;

/** Where "record 0", the header, ends. */
const HEADER_COUNTS: LineCounts = { lines: 1, empty_lines: 0 };

/** The lines the records with these ordinals (1-based, in the order csv-parse gives them) start on. */
export async function csvStartLines(input: InventoryInput, ordinals: readonly number[]): Promise<number[]> {
  const ends = await csvRecordEnds(
    input,
    ordinals.flatMap((ordinal) => [ordinal - 1, ordinal]),
  );
  return ordinals.map((ordinal) => startLine(ends.get(ordinal - 1), ends.get(ordinal) ?? HEADER_COUNTS));
}

/** The line the record that csv-parse failed on starts on. */
export async function csvErrorLine(input: InventoryInput, error: CsvError): Promise<number> {
  const before = typeof error.records === 'number' ? error.records : 0;
  const ends = await csvRecordEnds(input, [before]);
  // The error carries the counts at the point of failure; a missing blank-line count is taken as 0.
  const lines = typeof error.lines === 'number' ? error.lines : HEADER_COUNTS.lines;
  return startLine(ends.get(before), { lines, empty_lines: typeof error.empty_lines === 'number' ? error.empty_lines : 0 });
}

/** csv-parse says where a record ends; it starts after the previous one and any blank lines. */
function startLine(previous: LineCounts = HEADER_COUNTS, current: LineCounts): number {
  return previous.lines + 1 + current.empty_lines - previous.empty_lines;
}

/** The line counts at the end of each wanted record, read until the last of them. */
async function csvRecordEnds(input: InventoryInput, ordinals: readonly number[]): Promise<Map<number, LineCounts>> {
  const wanted = new Set(ordinals);
  const ends = new Map<number, LineCounts>(wanted.has(0) ? [[0, HEADER_COUNTS]] : []);
  if (ends.size === wanted.size) return ends;
  const source = input.stream();
  await new Promise<void>((resolve) => {
    const stop = () => {
      source.destroy();
      resolve();
    };
    const parser = parse({
      bom: true,
      skip_empty_lines: true,
      columns: true,
      // Records are only counted, never kept; a parse error after them does not matter here.
      on_record: (_record, info) => {
        if (wanted.has(info.records)) ends.set(info.records, { lines: info.lines, empty_lines: info.empty_lines });
        if (ends.size === wanted.size) stop();
        return null;
      },
    });
    parser.on('end', stop).on('error', stop).resume();
    source.on('error', stop).pipe(parser);
  });
  return ends;
}
