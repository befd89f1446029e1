/**
 * An event feed (`event import FILE`, issue 12): a CSV exported from the case-management
 * system, one dated fact per row. The header is `subject,event,date` (each row about a data
 * subject, all their records) or `record,event,date` (about one record). Every row is checked
 * before anything is recorded, and every problem is reported with its line (the header is line 1).
 */
import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import type { CompiledPolicy } from '../engine/types.js';
import { isValidDateText } from '../engine/dates.js';
import { isPlaceholderDate, PLACEHOLDER_DATE_HINT, placeholderDateMessage } from '../placeholder-dates.js';
import { inputError, type Problem, type ProblemCode } from '../errors.js';
import { readSmallInput, STDIN_ARGUMENT, STDIN_SHOWN } from '../file-input/small-input.js';
import type { StandardInput } from '../file-input/standard-input.js';
import { requireText } from '../inventory/fields.js';
import { RecordFault } from '../inventory/problem.js';
import { eventNameProblem } from '../policy/names.js';
import type { EventInput } from '../store/events.js';

/** One row of the feed, with the line it is on. */
export interface EventRow extends EventInput {
  readonly line: number;
}

const HEADERS = ['subject,event,date', 'record,event,date'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A feed is a few thousand rows; this cap keeps a wrong file from filling memory. */
const EVENT_FILE_LIMIT = 64 * 1024 * 1024;
/** Past this many, the rest of the problems are left out: the file is wrong throughout. */
const MAX_PROBLEMS = 50;

export type RowProblem = Omit<Problem, 'file' | 'col' | 'severity' | 'code'> & { code: ProblemCode };

/** The input error listing `problems` of `file` (the name as the user typed it). */
export function eventFileError(file: string, problems: readonly RowProblem[]) {
  return inputError(
    'events.invalid',
    problems.slice(0, MAX_PROBLEMS).map((p) => ({ ...p, file, col: null, severity: 'error' as const })),
    { problems: problems.length },
  );
}

/**
 * The rows of the event file `file` (relative to `cwd`; `-` reads stdin), each checked: a subject or record id,
 * an event name a rule of `policy` uses or that is well known, a YYYY-MM-DD date.
 * @throws RetentionError `events.invalid` listing every bad row (at most 50), `file.unreadable`.
 */
export async function readEventFile(
  file: string,
  origin: { cwd: string; stdin: StandardInput },
  policy: CompiledPolicy | null,
): Promise<EventRow[]> {
  const bytes = await readSmallInput(file, origin, {
    what: 'event file',
    hint: 'give the CSV exported from the case-management system (subject,event,date), or - to read standard input',
    limit: EVENT_FILE_LIMIT,
  });
  const shown = eventFileName(file);
  const records: { record: string[]; line: number }[] = [];
  try {
    // on_record sees each row with its line; the rows are collected here, typed, not returned by parse.
    parse(bytes, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context) => {
        records.push({ record, line: context.lines });
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw eventFileError(shown, [
      {
        code: 'events.csv-syntax',
        line: typeof error.lines === 'number' ? error.lines : null,
        message: error.message.replace(/^Invalid Record Length: |^[A-Za-z ]+: /, ''),
      },
    ]);
  }
  const [header, ...rows] = records;
  const headerText = header?.record.join(',') ?? '';
  const scope = headerText.startsWith('record,') ? 'record' : 'subject';
  if (!HEADERS.includes(headerText)) {
    throw eventFileError(shown, [
      {
        code: 'events.csv-header',
        line: 1,
        message: `the header is ${JSON.stringify(headerText)}`,
        hint: `the header must be ${HEADERS.join(' or ')}`,
      },
    ]);
  }
  const problems: RowProblem[] = [];
  const events: EventRow[] = [];
  for (const { record, line } of rows) {
    const problem = rowProblem(record, policy);
    if (problem) problems.push({ ...problem, line });
    else events.push({ scope, ref: record[0] ?? '', event: record[1] ?? '', date: record[2] ?? '', line });
  }
  if (problems.length > 0) throw eventFileError(shown, problems);
  return events;
}

function rowProblem(cells: readonly string[], policy: CompiledPolicy | null): Omit<RowProblem, 'line'> | null {
  if (cells.length !== 3)
    return {
      code: 'events.csv-syntax',
      message: `the row has ${cells.length} fields but the header has 3`,
      hint: 'quote a field that contains a comma: "a, b"',
    };
  const [ref = '', event = '', date = ''] = cells;
  for (const [label, text] of [
    ['the subject or record', ref],
    ['the event', event],
    ['the date', date],
  ] as const) {
    if (text === '') return { code: 'events.empty-value', message: `${label} is empty` };
    if (!text.isWellFormed() || text.includes('\uFFFD'))
      return { code: 'events.bad-text', message: `${label} is not valid UTF-8 text`, hint: 'export the file again as UTF-8' };
  }
  // The same rule as the inventory's ids: a hidden character or a space around it would name
  // a subject or record that looks like another and matches none (review round 3).
  try {
    requireText(ref, 'the subject or record');
  } catch (error) {
    if (!(error instanceof RecordFault)) throw error;
    return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  const name = eventNameProblem(event, policy);
  if (name)
    return {
      code: name.code === 'event.bad-name' ? 'events.bad-name' : 'events.unknown-name',
      message: name.message.replace(/; nothing was recorded$/, ''),
      ...(name.hint ? { hint: name.hint } : {}),
    };
  if (!DATE.test(date) || !isValidDateText(date))
    return { code: 'events.bad-date', message: `date ${JSON.stringify(date)} is not a date`, hint: 'use YYYY-MM-DD' };
  if (isPlaceholderDate(date))
    return {
      code: 'events.placeholder-date',
      message: placeholderDateMessage('date', date),
      hint: PLACEHOLDER_DATE_HINT,
    };
  return null;
}

/** The event file as messages name it: the path as the user typed it, or "stdin" for `-`. */
export function eventFileName(file: string): string {
  return file === STDIN_ARGUMENT ? STDIN_SHOWN : file;
}
