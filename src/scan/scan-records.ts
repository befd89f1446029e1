/**
 * `inventory scan` (issue 12): the records of a `files` target, read from where they live.
 * Each regular file the map template matches becomes one record, built as a CSV row and checked
 * by the same code as a row of an inventory file (csv-header.ts, csv-record.ts), so a scanned
 * record and an imported one cannot differ in what they accept. Nothing is guessed: a file the
 * template does not match, a symbolic link (never followed) and anything that is not a regular
 * file are counted and reported through `onSkipped`.
 */
import type { InventoryRecord } from '../engine/types.js';
import { toCalendarDate } from '../engine/dates.js';
import { memoise } from '../engine/memo.js';
import { readCsvHeader, STANDARD_COLUMNS, type CsvLayout } from '../inventory/csv-header.js';
import { csvCellsToRecord } from '../inventory/csv-record.js';
import { requireText } from '../inventory/fields.js';
import { faultAt, RecordFault } from '../inventory/problem.js';
import { inputError, type RetentionError } from '../errors.js';
import { isPlaceholderDate } from '../placeholder-dates.js';
import type { SidecarDate } from './sidecar.js';
import { sha256Hex } from '../sha256.js';
import type { RootIdentity } from '../targets/files-held.js';
import type { MapTemplate } from './map-template.js';
import { walkFiles, type SkipReason } from './walk.js';

/**
 * `bad-name` here too: the path cannot be a record's text (an invisible character, a space at an
 * end). `placeholder-date`: the file's modification date is on or before 1900-01-01, no date.
 */
export type NotScannedReason = SkipReason | 'no-match' | 'placeholder-date';

export interface ScanRequest {
  /** The target's name: the first part of each record's id and location. */
  readonly target: string;
  readonly root: RootIdentity;
  /** The target's sentinel file, which is not a record. */
  readonly sentinel: string | null;
  readonly template: MapTemplate;
  /** The policy's timezone: a file's modification time becomes a calendar date there. */
  readonly timezone: string;
  /** The policy's flag names: a template placeholder with such a name is a yes/no flag. */
  readonly flagNames: ReadonlySet<string>;
  /** Called for every name that does not become a record, with why. */
  readonly onSkipped: (ref: string, reason: NotScannedReason) => void | Promise<void>;
  /** Called after each run of entries with the number of names looked at so far. */
  readonly onProgress?: (seen: number) => void;
}

export interface ScanCounts {
  records: number;
  /** Records whose created date a sidecar gave. */
  fromSidecars: number;
  notScanned: Record<NotScannedReason, number>;
}

/**
 * A record id stable for a path: the target's name and a hash of the path below the root.
 * Not the path itself, which often holds a person's name: ids reach the audit log, which holds
 * no personal data (DESIGN §7); the path is in the record's location, which the log only hashes.
 */
export function scannedRecordId(target: string, ref: string): string {
  return `${target}-${sha256Hex(`${target}:${ref}`).slice(0, 24)}`;
}

/**
 * The template's fields as inventory columns, in CSV order: the standard five, then the
 * template's events and flags.
 */
export function scanColumns(template: MapTemplate): string[] {
  const standard: readonly string[] = STANDARD_COLUMNS;
  return [...STANDARD_COLUMNS, ...template.fields.filter((field) => !standard.includes(field))];
}

/**
 * The target's records in batches, walking the tree once as they are consumed; `counts` is
 * complete when the batches end. A path whose name cannot be a record's text is not scanned
 * (`bad-name`, listed like an unmatched file: one odd name among a million does not stop the
 * scan, and is never guessed at). A value the template reads from a path that is not what it
 * says (a date folder that is no date) stops the scan with an input error naming
 * `target:path`, as a bad cell stops an import: the template or the share needs fixing.
 */
export function scanRecords(request: ScanRequest): { batches: AsyncIterable<InventoryRecord[]>; counts: ScanCounts } {
  const counts: ScanCounts = {
    records: 0,
    fromSidecars: 0,
    notScanned: {
      'no-match': 0,
      'bad-name': 0,
      'symbolic-link': 0,
      'special-file': 0,
      unreadable: 0,
      'sidecar-no-file': 0,
      'placeholder-date': 0,
    },
  };
  return { batches: streamRecords(request, counts), counts };
}

async function* streamRecords(request: ScanRequest, counts: ScanCounts): AsyncGenerator<InventoryRecord[]> {
  const { target, template } = request;
  const columns = scanColumns(template);
  const layout: CsvLayout = readCsvHeader(columns, request.flagNames, `--map ${template.text}`);
  const createdDate = mtimeDate(request.timezone);
  const skipped = async (ref: string, reason: NotScannedReason) => {
    counts.notScanned[reason] += 1;
    await request.onSkipped(ref, reason);
  };
  let seen = 0;
  for (const entries of walkFiles(target, request.root, { sentinel: request.sentinel })) {
    const batch: InventoryRecord[] = [];
    for (const entry of entries) {
      if (entry.kind === 'skipped') {
        await skipped(entry.ref, entry.reason);
        continue;
      }
      const location = `${target}:${entry.ref}`;
      // Before the template: a name with a line break or another hidden character is a bad name
      // wherever it is, not a path the template happens not to match.
      if (!isRecordText(location)) {
        await skipped(entry.ref, 'bad-name');
        continue;
      }
      const values = template.match(entry.ref);
      if (values === null) {
        await skipped(entry.ref, 'no-match');
        continue;
      }
      if (entry.sidecar) {
        if (values.has('created')) throw createdTwice(entry.ref, entry.sidecar, template);
        counts.fromSidecars += 1;
      }
      const modified = values.has('created') || entry.sidecar ? null : createdDate(entry.mtimeMs);
      if (modified !== null && isPlaceholderDate(modified)) {
        // A file whose clock was never set (or was reset) has no date to keep it by: a sidecar can give one.
        await skipped(entry.ref, 'placeholder-date');
        continue;
      }
      const cells = columns.map((column) => {
        if (column === 'id') return scannedRecordId(target, entry.ref);
        if (column === 'location') return location;
        if (column === 'created' && !values.has('created')) return entry.sidecar?.created ?? modified ?? '';
        return values.get(column) ?? '';
      });
      const record = scannedRecord(cells, layout, location);
      if (record === null) await skipped(entry.ref, 'bad-name');
      else batch.push(record);
    }
    seen += entries.length;
    counts.records += batch.length;
    request.onProgress?.(seen);
    if (batch.length > 0) yield batch;
  }
}

/** A file whose created date both the template and its sidecar give: which one is right is for a person to say. */
function createdTwice(ref: string, sidecar: SidecarDate, template: MapTemplate): RetentionError {
  return inputError('inventory.invalid', [
    {
      ...sidecar.at,
      code: 'sidecar.created-twice',
      message: `the sidecar gives created of ${ref}, which the template --map ${template.text} also places ({created})`,
      hint: 'give the date in one place: remove {created} from --map, or the entry from the sidecar',
      severity: 'error',
    },
  ]);
}

/** What requireText (fields.ts) finds wrong with a text: for a scanned record, wrong with the file's path. */
const NAME_FAULTS: ReadonlySet<string> = new Set(['inventory.bad-text', 'inventory.invisible-character', 'inventory.surrounding-space']);

/** Whether `text` passes requireText (fields.ts), the rule for every text of a record. */
function isRecordText(text: string): boolean {
  try {
    requireText(text, 'location');
    return true;
  } catch (error) {
    if (error instanceof RecordFault && NAME_FAULTS.has(error.code)) return false;
    throw error;
  }
}

/** The record of a matched file, checked as a CSV row is; null when its path is no text a record can hold. */
function scannedRecord(cells: readonly string[], layout: CsvLayout, location: string): InventoryRecord | null {
  try {
    return csvCellsToRecord(cells, layout);
  } catch (error) {
    if (!(error instanceof RecordFault)) throw error;
    // Every text cell of a scanned record (subject, category, location) is part of its path.
    if (NAME_FAULTS.has(error.code)) return null;
    throw faultAt(error, { file: location, line: null, col: null });
  }
}

/** Quarter-hours: every zone's offset is a whole number of them, so one date serves each. */
const QUARTER_HOUR_MS = 15 * 60 * 1000;

/**
 * A file's modification time as a calendar date in `zone`. Files of one folder were mostly
 * written around the same time; converting each quarter-hour once keeps a million-file scan
 * from building a million luxon dates.
 */
function mtimeDate(zone: string): (mtimeMs: number) => string {
  const dateOfQuarter = memoise(100_000, (quarter: number) => toCalendarDate(new Date(quarter * QUARTER_HOUR_MS).toISOString(), zone));
  return (mtimeMs) => dateOfQuarter(Math.floor(mtimeMs / QUARTER_HOUR_MS));
}
