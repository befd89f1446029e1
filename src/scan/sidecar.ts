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
 * down and the scan ignored would date a record wrongly without anyone knowing. A name that is
 * no file of the folder dates nothing, and is listed (walk.ts, `sidecar-no-file`).
 */
import fs from 'node:fs';
import { inputError, type FilePosition, type Problem, type RetentionError } from '../errors.js';
import { errnoCode } from '../error-details.js';
import { readDateText } from '../engine/calendar.js';
import { isPlaceholderDate, PLACEHOLDER_DATE_HINT, placeholderDateMessage } from '../placeholder-dates.js';
import { describeFsError } from '../targets/files-paths.js';
import { inFolder } from '../targets/files-held.js';
import { LEAF_FLAGS } from '../targets/files-leaf.js';
import { kindOfSpecialFile } from '../file-input/open-failure.js';
import { SMALL_FILE_LIMIT } from '../file-input/small-file.js';
import { ProblemSink } from '../yaml/problem-sink.js';
import { parseYamlNodes } from '../yaml/parse-yaml.js';
import { isMap, isNode, isScalar, type Pair, type YAMLMap } from 'yaml';
import type { Position } from '../yaml/locate.js';
import { foldName } from '../similar-names.js';

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
  /** The folder's files the sidecar does not name, by their folded name (foldName). */
  private readonly otherFiles = new Map<string, string>();

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
      fd = fs.openSync(at, LEAF_FLAGS);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT') return null;
      if (code === 'ELOOP') throw unusable(shownAs, 'it is a symbolic link, which the scan never follows: put the file itself here');
      throw unusable(shownAs, describeFsError('opening it', err));
    }
    let text: string;
    try {
      text = readSmallFile(fd, shownAs);
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
    else this.otherFiles.set(foldName(name), name);
    return date;
  }

  /**
   * Called when the folder's listing has ended: the names the sidecar gives that the listing did
   * not show as files. Reported, not refused: the tool's own cycle makes them (apply deletes a
   * file the sidecar dated), and a nightly scan must not stop importing for that; a misspelt
   * name is listed the same way, so that a person sees it. But a name that differs from a file of
   * the folder only by letter case, Unicode form (a file copied from a Mac is NFD, a sidecar typed
   * elsewhere NFC) or a hidden character is refused at its line: it means that file, which would
   * otherwise be dated by its modification time, the very date the sidecar was written to replace.
   */
  unusedNames(): string[] {
    const unused: string[] = [];
    const misspelt: Problem[] = [];
    for (const [name, date] of this.dates) {
      if (this.seen.has(name)) continue;
      unused.push(name);
      const file = this.otherFiles.get(foldName(name));
      if (file !== undefined) misspelt.push(misspeltName(name, file, date));
    }
    if (misspelt.length > 0) throw inputError('inventory.invalid', misspelt);
    return unused;
  }
}

function misspeltName(name: string, file: string, date: SidecarDate): Problem {
  return {
    ...date.at,
    code: 'sidecar.name-differs',
    message: `${JSON.stringify(name)} is not spelt as the folder's file ${JSON.stringify(file)} (letter case, Unicode form or a hidden character differ), which would be dated by its modification time instead`,
    hint: 'write the name exactly as the folder lists it (copy it from `ls`)',
    severity: 'error',
  };
}

/** A sidecar that dates the target's sentinel file, which is its mount check and never a record. */
export function sentinelDated(name: string, date: SidecarDate): RetentionError {
  return inputError('inventory.invalid', [
    {
      ...date.at,
      code: 'sidecar.bad-name',
      message: `${JSON.stringify(name)} is the target's sentinel file (its mount check), not a record: a sidecar does not date it`,
      hint: 'remove its entry from the sidecar',
      severity: 'error',
    },
  ]);
}

/**
 * Every file's date in a sidecar's text; every problem of the text at once. Read node by node,
 * each key as written (parse-yaml.ts, parseYamlNodes): a key YAML would read as a number (`01`,
 * `1.10`) or as null (`~`) is the file of that name, never another file; one pass over the keys,
 * for sidecars of tens of thousands of files.
 */
export function parseSidecar(text: string, shownAs: string): ReadonlyMap<string, SidecarDate> {
  const sink = new ProblemSink(shownAs, 'sidecar');
  const { locator, contents } = parseYamlNodes(text, sink);
  if (contents === null) throw inputError('inventory.invalid', sink.sorted());
  const at = (node: unknown): Position => (isNode(node) && node.range ? locator.offset(node.range[0]) : { line: null, col: null });
  const problem = (code: Problem['code'], node: unknown, message: string, hint = SHAPE_HINT) => sink.error(code, at(node), message, hint);
  const dates = new Map<string, SidecarDate>();
  const files = isMap(contents) ? pairsOf(contents, sink, at).get('files') : undefined;
  if (!isMap(contents) || files === undefined || !isMap(files.value)) {
    problem('sidecar.wrong-type', files?.value ?? contents, 'the sidecar must have "files:", a mapping of file names');
  } else {
    for (const [key, pair] of pairsOf(contents, sink, null)) {
      if (key !== 'files') problem('sidecar.unknown-key', pair.key, `unknown key ${JSON.stringify(key)}`);
    }
    for (const [name, { key, value }] of pairsOf(files.value, sink, at)) {
      if (name === '' || name === '.' || name === '..' || name.includes('/')) {
        problem('sidecar.bad-name', key, `${JSON.stringify(name)} is not the name of a file in this folder`);
        continue;
      }
      if (!isMap(value)) {
        problem('sidecar.wrong-type', value ?? key, `${JSON.stringify(name)} must have "created: YYYY-MM-DD"`);
        continue;
      }
      const fields = pairsOf(value, sink, at);
      for (const [field, pair] of fields) {
        if (field !== 'created')
          problem('sidecar.unknown-key', pair.key, `unknown key ${JSON.stringify(field)}: a sidecar gives created only`);
      }
      const createdNode = fields.get('created')?.value ?? null;
      const created = isScalar(createdNode) && typeof createdNode.value === 'string' ? createdNode.value : null;
      // A plain date only: a timestamp's offset could move it a day, and the manual promises YYYY-MM-DD.
      if (created === null || readDateText(created) < 0) {
        const what = createdNode === null ? 'is missing' : `${created === null ? 'is' : JSON.stringify(created) + ' is'} not a date`;
        problem(
          'sidecar.bad-date',
          createdNode ?? value,
          `created of ${JSON.stringify(name)} ${what}`,
          'use YYYY-MM-DD, a date without a time',
        );
        continue;
      }
      if (isPlaceholderDate(created)) {
        problem(
          'sidecar.placeholder-date',
          createdNode ?? value,
          placeholderDateMessage(`created of ${JSON.stringify(name)}`, created),
          PLACEHOLDER_DATE_HINT,
        );
        continue;
      }
      dates.set(name, { created, at: { file: shownAs, ...at(key) } });
    }
  }
  if (sink.hasErrors()) throw inputError('inventory.invalid', sink.sorted());
  return dates;
}

/**
 * A mapping's pairs by their keys as written. A key that is not plain text (a list, a mapping,
 * an alias) and a key written twice are problems (reported when `at` is given, so a mapping read
 * twice reports them once); a duplicate's first pair is kept.
 */
function pairsOf(
  map: YAMLMap<unknown, unknown>,
  sink: ProblemSink,
  at: ((node: unknown) => Position) | null,
): Map<string, Pair<unknown, unknown>> {
  const pairs = new Map<string, Pair<unknown, unknown>>();
  for (const pair of map.items) {
    const key = pair.key;
    if (!isScalar(key) || typeof key.value !== 'string') {
      if (at) sink.error('sidecar.bad-name', at(key), 'a key must be plain text (a file name, "files" or "created")', SHAPE_HINT);
      continue;
    }
    const first = pairs.get(key.value);
    if (first !== undefined) {
      if (at)
        sink.error(
          'yaml.duplicate-key',
          at(key),
          `duplicate key ${JSON.stringify(key.value)} (first written at line ${at(first.key).line})`,
          'a key may appear once per mapping: keep one and delete the other',
        );
      continue;
    }
    pairs.set(key.value, pair);
  }
  return pairs;
}

/** The text of the sidecar open as `fd`; why not, when it is no regular file, too large or cannot be read. */
function readSmallFile(fd: number, shownAs: string): string {
  let stats: fs.Stats;
  try {
    stats = fs.fstatSync(fd);
  } catch (err) {
    throw unusable(shownAs, describeFsError('reading it', err));
  }
  if (!stats.isFile()) throw unusable(shownAs, `it is ${kindOfSpecialFile(stats)}, not a file`);
  if (stats.size > SMALL_FILE_LIMIT) throw unusable(shownAs, `it is larger than ${SMALL_FILE_LIMIT / 1024 / 1024} MB`);
  try {
    return fs.readFileSync(fd, 'utf8');
  } catch (err) {
    throw unusable(shownAs, describeFsError('reading it', err));
  }
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
