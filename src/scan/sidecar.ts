/**
 * Sidecars (issue 12): a `retention-sidecar.yaml` in a folder of a scanned target gives the
 * `created` date of files in that same folder, by name, where the modification time is wrong
 * (files copied, scanned from paper, restored from a backup):
 *
 *   files:
 *     plan.pdf: { created: 2014-03-01 }
 *     "scan 0001.tif": { created: 2012-11-30 }
 *
 * One file per folder, so a person edits it beside the files it speaks of, and the scan reads it
 * once when it enters the folder. Anything it cannot use is an input error naming the sidecar,
 * line and column (exit 2, nothing written or imported), never skipped: a date a person wrote
 * down and the scan ignored would date a record wrongly without anyone knowing.
 */
import fs from 'node:fs';
import { inputError, type FilePosition, type Problem, type RetentionError } from '../errors.js';
import { errnoCode } from '../error-details.js';
import { isValidDateText } from '../engine/dates.js';
import { isPlaceholderDate, PLACEHOLDER_DATE_HINT } from '../placeholder-dates.js';
import { describeFsError } from '../targets/files-paths.js';
import { inFolder } from '../targets/files-held.js';
import { isRecord } from '../is-record.js';
import { kindOfSpecialFile } from '../file-input/open-failure.js';
import { SMALL_FILE_LIMIT } from '../file-input/small-file.js';
import { ProblemSink } from '../yaml/problem-sink.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import type { Position } from '../yaml/locate.js';

export const SIDECAR_NAME = 'retention-sidecar.yaml';

const SHAPE_HINT = `a sidecar holds "files:", then for each file of its folder (by name) "created: YYYY-MM-DD"`;

/** A file's date as a sidecar gives it, and where, for a message about it. */
export interface SidecarDate {
  readonly created: string;
  readonly at: FilePosition;
}

/** One folder's sidecar: what it says of each file, by name, and which of them the listing has shown. */
export class Sidecar {
  private readonly seen = new Set<string>();

  private constructor(private readonly dates: ReadonlyMap<string, SidecarDate>) {}

  /**
   * The sidecar in the folder held open as `folderFd`, or null when it has none; `shownAs` names
   * it in messages (`target:folder/retention-sidecar.yaml`). Opened through
   * the held folder without following a link; one that is a link, a folder or too large is an
   * input error, as is anything in it the scan cannot use.
   */
  static read(folderFd: number, shownAs: string): Sidecar | null {
    const at = inFolder(folderFd, SIDECAR_NAME);
    // Most folders have none: asked without an exception (a failed open throws one, costly once per folder of a million files).
    if (!present(at, shownAs)) return null;
    let fd: number;
    try {
      fd = fs.openSync(at, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT') return null;
      if (code === 'ELOOP') throw unusable(shownAs, 'it is a symbolic link, which the scan never follows: put the file itself here');
      throw unusable(shownAs, describeFsError('opening it', err));
    }
    let text: string;
    try {
      const stats = fs.fstatSync(fd);
      if (!stats.isFile()) throw unusable(shownAs, `it is ${kindOfSpecialFile(stats)}, not a file`);
      if (stats.size > SMALL_FILE_LIMIT) throw unusable(shownAs, `it is larger than ${SMALL_FILE_LIMIT / 1024 / 1024} MB`);
      text = fs.readFileSync(fd, 'utf8');
    } catch (err) {
      if (errnoCode(err) === undefined) throw err;
      throw unusable(shownAs, describeFsError('reading it', err));
    } finally {
      fs.closeSync(fd);
    }
    return new Sidecar(parseSidecar(text, shownAs));
  }

  /**
   * What the sidecar says of the file `name` of its folder (undefined when it does not name it).
   * Asked once for each name the listing shows as a file, whatever the lstat then finds there.
   */
  dateOf(name: string): SidecarDate | undefined {
    const date = this.dates.get(name);
    if (date) this.seen.add(name);
    return date;
  }

  /**
   * Called when the folder's listing has ended: the names the sidecar gives that the listing did
   * not show as files. Reported, not refused: the tool's own cycle makes them (apply deletes a
   * file the sidecar dated), and a nightly scan must not stop importing for that; a misspelt
   * name is listed the same way, so that a person sees it.
   */
  unusedNames(): string[] {
    return [...this.dates.keys()].filter((name) => !this.seen.has(name));
  }
}

/** Every file's date in a sidecar's text; every problem of the text at once. */
export function parseSidecar(text: string, shownAs: string): ReadonlyMap<string, SidecarDate> {
  const sink = new ProblemSink(shownAs, 'sidecar');
  const { locator, data } = parseYaml(text, sink);
  const dates = new Map<string, SidecarDate>();
  if (data === null) throw inputError('inventory.invalid', sink.sorted());
  const problem = (code: Problem['code'], at: Position, message: string, hint = SHAPE_HINT) => sink.error(code, at, message, hint);
  const top = data.value;
  if (!isRecord(top) || !isRecord(top.files)) {
    problem('sidecar.wrong-type', locator.value(isRecord(top) ? ['files'] : []), 'the sidecar must have "files:", a mapping of file names');
  } else {
    for (const key of Object.keys(top).filter((k) => k !== 'files')) {
      problem('sidecar.unknown-key', locator.key([key]), `unknown key ${JSON.stringify(key)}`);
    }
    for (const [name, fields] of Object.entries(top.files)) {
      const at = locator.key(['files', name]);
      if (name === '' || name === '.' || name === '..' || name.includes('/')) {
        problem('sidecar.bad-name', at, `${JSON.stringify(name)} is not the name of a file in this folder`);
        continue;
      }
      if (!isRecord(fields)) {
        problem('sidecar.wrong-type', locator.value(['files', name]), `${JSON.stringify(name)} must have "created: YYYY-MM-DD"`);
        continue;
      }
      for (const key of Object.keys(fields).filter((k) => k !== 'created')) {
        problem(
          'sidecar.unknown-key',
          locator.key(['files', name, key]),
          `unknown key ${JSON.stringify(key)}: a sidecar gives created only`,
        );
      }
      const created = fields.created;
      const createdAt = locator.value(['files', name, 'created']);
      if (typeof created !== 'string' || !isValidDateText(created)) {
        problem(
          'sidecar.bad-date',
          createdAt,
          `created of ${JSON.stringify(name)} ${created === undefined ? 'is missing' : `${JSON.stringify(created)} is not a date`}`,
          'use YYYY-MM-DD',
        );
        continue;
      }
      if (isPlaceholderDate(created)) {
        problem(
          'sidecar.placeholder-date',
          createdAt,
          `created of ${JSON.stringify(name)} "${created}" is a placeholder, not a real date`,
          PLACEHOLDER_DATE_HINT,
        );
        continue;
      }
      dates.set(name, { created, at: { file: shownAs, ...at } });
    }
  }
  if (sink.hasErrors()) throw inputError('inventory.invalid', sink.sorted());
  return dates;
}

function present(at: string, shownAs: string): boolean {
  try {
    return fs.lstatSync(at, { throwIfNoEntry: false }) !== undefined;
  } catch (err) {
    // A folder that cannot be searched: none of its files can be looked at either (walk.ts lists
    // them as unreadable), so no record of it could take a date from its sidecar.
    if (errnoCode(err) === 'EACCES') return false;
    throw unusable(shownAs, describeFsError('looking it up', err));
  }
}

function unusable(shownAs: string, why: string): RetentionError {
  return inputError('inventory.invalid', [
    {
      code: 'sidecar.unreadable',
      file: shownAs,
      line: null,
      col: null,
      message: `the sidecar cannot be read: ${why}`,
      hint: `a ${SIDECAR_NAME} in a scanned folder gives dates for the files beside it; fix it, or remove it to date them by their modification time`,
      severity: 'error',
    },
  ]);
}
