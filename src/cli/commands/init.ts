import { lstatSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { environmentError, EXIT, refusal } from '../../errors.js';
import { shellQuote } from '../../shell-quote.js';
import { openFailureReason } from '../../file-input/open-failure.js';
import { errnoCode } from '../../error-details.js';
import { todayIn } from '../clock.js';
import { actorOf } from '../store-access.js';
import { EXAMPLE_TIMEZONE, exampleFiles, type ExampleFile } from '../init-template/example-files.js';
import { EXAMPLE_FILES_TARGET, EXAMPLE_STORE_FILE } from '../init-template/example-config.js';
import { EXAMPLE_HOLD_RECORD } from '../init-template/example-inventory.js';
import { countOf } from '../../plural.js';
import { makeFolder } from '../make-folder.js';

/**
 * `retention init [DIR]`: writes a config, a policy, an inventory dated from today and the
 * sample files it lists, so that `inventory import`, `plan` and `apply --yes` work at once.
 * It never overwrites: when any file it would write (or the store the config names) exists,
 * it writes nothing and exits 2 naming it. It does not import: the store is the user's step.
 */
export function registerInit(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('init')
    .description('write an example config, policy, inventory and record files to start from (never overwrites)')
    .argument('[dir]', 'folder to write to, made when missing (default: the current folder)')
    .action(async (dir: string | undefined) => {
      const root = path.resolve(ctx.cwd, dir ?? '.');
      const files = await exampleFiles(todayIn(EXAMPLE_TIMEZONE, ctx.now()), actorOf(null));
      const shown = (relative: string) => path.relative(ctx.cwd, path.join(root, relative)) || relative;
      for (const relative of [...files.map((f) => f.path), EXAMPLE_STORE_FILE]) {
        const conflict = conflictAt(path.join(root, relative));
        if (conflict) throw overwriteRefusal(shown(relative), conflict);
      }
      // Folders above the current one are named in full, not as ../../..
      const shownPath = (absolute: string) => {
        const relative = path.relative(ctx.cwd, absolute);
        return relative.startsWith('..') ? absolute : relative || '.';
      };
      for (const file of files) await writeNewFile(root, file, shown, shownPath);
      await ctx.out.write(nextSteps(dir, files));
      setExit(EXIT.ok);
    });
}

/** Why `file` cannot be written without touching something that exists; null when it can. */
function conflictAt(file: string): string | null {
  try {
    // lstat: a symbolic link is in the way too, even one pointing nowhere.
    return lstatSync(file, { throwIfNoEntry: false }) ? 'already exists' : null;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOTDIR') return 'cannot be written: a folder on its path is a file';
    if (code !== undefined)
      throw environmentError('environment.cannot-write', `${file}: cannot look there: ${openFailureReason(error)}`, { file });
    throw error;
  }
}

function overwriteRefusal(file: string, conflict: string) {
  return refusal(
    'init.would-overwrite',
    `${file} ${conflict}; init never overwrites, so nothing was written.\n  hint: run "retention init FOLDER" with a new or empty folder`,
    { file },
  );
}

/** 'wx': should a file appear between the check and the write, it is still not overwritten. */
async function writeNewFile(
  root: string,
  file: ExampleFile,
  shown: (relative: string) => string,
  shownPath: (absolute: string) => string,
): Promise<void> {
  const full = path.join(root, file.path);
  makeFolder(path.dirname(full), shownPath);
  try {
    await writeFile(full, file.content, { flag: 'wx' });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') throw overwriteRefusal(shown(file.path), 'already exists');
    if (code !== undefined)
      throw environmentError('environment.cannot-write', `${shown(file.path)}: cannot write it: ${openFailureReason(error)}`, {
        file: shown(file.path),
      });
    throw error;
  }
}

function nextSteps(dir: string | undefined, files: readonly ExampleFile[]): string {
  const records = files.filter((f) => f.path.startsWith(`${EXAMPLE_FILES_TARGET}/`)).length;
  const cd = dir === undefined ? '' : `  cd ${shellQuote(dir)}\n`;
  return `Wrote retention.config.yaml, policy.yaml (the Leading Lives pack), inventory.csv and ${countOf(records, 'sample file')} under ${EXAMPLE_FILES_TARGET}/.

Next steps:
${cd}  retention inventory import inventory.csv   # fill the store (${EXAMPLE_STORE_FILE}) from the inventory
  retention plan                             # what is due, what needs a person, and why
  retention apply --yes                      # delete the due records whose rule is automatic
  retention audit verify                     # re-check the audit log's hash chain

Then try a legal hold: retention hold add --record ${EXAMPLE_HOLD_RECORD} --reason "claim expected" --by "your name", and plan again.
`;
}
