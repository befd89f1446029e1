import { isEventOrFlagName, NAME_HINT } from './fields.js';
import { inventoryError, lineOf, type SourcePosition } from './problem.js';

export const STANDARD_COLUMNS = ['id', 'subject', 'category', 'created', 'location'] as const;
const HEADER_RULE = `the header must start with ${STANDARD_COLUMNS.join(',')}`;

/** A column after the standard five, and where it is in each row. */
export interface ExtraColumn {
  readonly name: string;
  readonly index: number;
}

/** The header's columns: how many, and the ones after the standard five sorted by what they hold. */
export interface CsvLayout {
  readonly names: readonly string[];
  readonly events: readonly ExtraColumn[];
  readonly flags: readonly ExtraColumn[];
}

/**
 * Checks a CSV header (line 1 of `file` unless `at` says where the column names are, e.g. a
 * query's): the five standard columns first, in order, then uniquely named event or flag
 * columns. A column is a flag when `flagNames` has its name.
 */
export function readCsvHeader(
  names: readonly string[],
  flagNames: ReadonlySet<string>,
  file: string,
  at: SourcePosition = lineOf(file, 1),
): CsvLayout {
  STANDARD_COLUMNS.forEach((column, index) => {
    if (names[index] === column) return;
    const problem = names.includes(column) ? `column "${column}" is out of place` : `missing required column "${column}"`;
    throw inventoryError(at, 'inventory.csv-header', `${problem} — ${HEADER_RULE}`);
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw inventoryError(at, 'inventory.csv-header', `column "${name}" appears twice`);
    seen.add(name);
  }
  const extra = names.slice(STANDARD_COLUMNS.length).map((name, i): ExtraColumn => ({ name, index: STANDARD_COLUMNS.length + i }));
  const bad = extra.find(({ name }) => !isEventOrFlagName(name));
  if (bad !== undefined)
    throw inventoryError(at, 'inventory.bad-name', `column name ${JSON.stringify(bad.name)} is not a valid event or flag name`, NAME_HINT);
  return {
    names: [...names],
    events: extra.filter(({ name }) => !flagNames.has(name)),
    flags: extra.filter(({ name }) => flagNames.has(name)),
  };
}
