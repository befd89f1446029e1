import path from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import { flagNamesOf } from '../../policy/names.js';
import { countOf } from '../../plural.js';
import { compileMapTemplate } from '../../scan/map-template.js';
import { SIDECAR_NAME } from '../../scan/sidecar.js';
import { inventoryTextFormat } from '../../scan/inventory-text.js';
import { runScan, type ScanResult } from '../../scan/run-scan.js';
import { declaredTarget } from '../../scan/declared-target.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { actorOf, withStore } from '../store-access.js';
import { importSummary } from './import-summary.js';
import { importWatchingApprovals } from './import-watching-approvals.js';

interface ScanFlags extends SourceFlags {
  map: string;
  out?: string;
  import?: boolean;
  unmatched?: string;
  quiet?: boolean;
}

/** `retention inventory scan TARGET --map TEMPLATE (--out FILE | --import) [--unmatched FILE]`. */
export function registerInventoryScan(inventory: Command, ctx: CommandContext, setExit: (code: number) => void): void {
  inventory
    .command('scan')
    .description(
      'make the inventory from a files target: each file the --map template matches is a record (symbolic links are never followed)',
    )
    .argument('<target>', 'a files target of the config')
    .requiredOption(
      '--map <template>',
      "where the fields are in a file's path, e.g. 'clients/{subject}/{category}/**' ({created} or an event name take dates; otherwise created is the file's modification date, or what a retention-sidecar.yaml beside it says)",
    )
    .option('--out <file>', 'write the records to this inventory file to review (.csv or .jsonl; a new file: never overwritten)')
    .option('--import', 'import the records into the store, as "inventory import" does (all or nothing)')
    .option(
      '--unmatched <file>',
      'list the files that are not records (not matched, bad names, placeholder dates, links, special or unreadable) and sidecar names that are no file, in this CSV (a new file: never overwritten)',
    )
    .option('--db <file>', "store for --import (default: the config's store, else ./retention.db)")
    .option('--policy <file>', "policy (its timezone dates the files; default: the config's)")
    .option('--quiet', 'print nothing on success')
    .action(async (target: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ScanFlags>();
      if ((flags.out === undefined) === (flags.import === undefined)) {
        throw usageError(
          'usage.conflicting-flags',
          'give exactly one of --out FILE (an inventory to review) or --import (straight into the store)',
          { flags: ['--out', '--import'] },
        );
      }
      if (
        flags.out !== undefined &&
        flags.unmatched !== undefined &&
        path.resolve(ctx.cwd, flags.out) === path.resolve(ctx.cwd, flags.unmatched)
      ) {
        throw usageError(
          'usage.conflicting-flags',
          `--out and --unmatched name the same file (${flags.out}): the inventory and the list of files that are not records need a file each`,
          { flags: ['--out', '--unmatched'] },
        );
      }
      const template = compileMapTemplate(flags.map);
      const format = flags.out === undefined ? null : inventoryTextFormat(flags.out, '--out');
      const config = await resolveConfig(flags, ctx);
      const targetConfig = declaredTarget(config, target, ['files'], 'inventory scan');
      const { policy, sha256 } = await resolvePolicy(flags, ctx, config);
      const progress = scanProgress(ctx);
      const job = {
        target,
        targetConfig,
        baseDir: config?.dir ?? ctx.cwd,
        template,
        timezone: policy.timezone,
        flagNames: flagNamesOf(policy),
        cwd: ctx.cwd,
        unmatchedFile: flags.unmatched ?? null,
        ...(progress ? { onProgress: progress.update } : {}),
      };
      let result: ScanResult;
      try {
        result =
          flags.out !== undefined && format !== null
            ? await runScan({ ...job, into: { file: flags.out, format } })
            : await withStore(flags, ctx, config, 'create', (store) =>
                // A scan lists its target's records only: the others are not "no longer listed" for it.
                runScan({
                  ...job,
                  into: {
                    importRecords: (batches) =>
                      importWatchingApprovals(
                        store,
                        batches,
                        { actor: actorOf(config), policySha256: sha256 },
                        { name: target, options: { scope: { target } }, policy },
                        ctx,
                      ),
                  },
                }),
              );
      } finally {
        progress?.stop();
      }
      if (!flags.quiet) ctx.out.error(scanSummary(target, result, flags));
      setExit(EXIT.ok);
    });
}

const NOT_SCANNED = [
  ['no-match', 'not matched by the template'],
  [
    'bad-name',
    'name that cannot be a record (not UTF-8, an invisible character or a space at an end): rename it',
    'names that cannot be records (not UTF-8, invisible characters or spaces at an end): rename them',
  ],
  ['symbolic-link', 'symbolic link not followed', 'symbolic links not followed'],
  ['special-file', 'special file (not a regular file)', 'special files (not regular files)'],
  ['unreadable', 'unreadable (not scanned)'],
  [
    'placeholder-date',
    `file modified on or before 1900-01-01, a placeholder, not its date: give its created date in a ${SIDECAR_NAME} beside it`,
    `files modified on or before 1900-01-01, a placeholder, not their date: give their created dates in a ${SIDECAR_NAME} beside them`,
  ],
  [
    'sidecar-no-file',
    'name in a sidecar that is no file of its folder (a file gone, or a misspelt name): its date was not used',
    'names in sidecars that are no files of their folders (files gone, or misspelt names): their dates were not used',
  ],
] as const;

function scanSummary(target: string, { counts, imported }: ScanResult, flags: ScanFlags): string {
  const where = imported ? importSummary(imported) : `written to ${flags.out}`;
  const lines = [`${target}: ${countOf(counts.records, 'record')} (${where})`];
  if (counts.fromSidecars > 0) lines.push(`  ${counts.fromSidecars} created from a sidecar (${SIDECAR_NAME}), not the modification date`);
  for (const [reason, singular, plural] of NOT_SCANNED) {
    const n = counts.notScanned[reason];
    if (n > 0) lines.push(`  ${n} ${n === 1 ? singular : (plural ?? singular)}`);
  }
  const notScanned = Object.values(counts.notScanned).reduce((a, b) => a + b, 0);
  if (notScanned > 0) {
    lines.push(
      flags.unmatched
        ? `  listed in ${flags.unmatched}`
        : '  hint: --unmatched FILE lists them; a file that should be a record needs a template that matches it',
    );
  }
  return lines.join('\n');
}

/** A count of the names looked at, on stderr, only when stderr is a terminal (never in cron mail). */
function scanProgress(ctx: CommandContext) {
  if (!ctx.stderr.isTTY) return null;
  const bar = new SingleBar({ stream: ctx.stderr, format: 'scanning: files and folders looked at: {value}', hideCursor: true });
  let started = false;
  return {
    update: (seen: number) => {
      if (!started) bar.start(0, 0);
      started = true;
      bar.update(seen);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
