/**
 * `retention store copy --to STORE` (DESIGN §5, §10): moves a store between SQLite and
 * PostgreSQL, everything in it and the audit log entry for entry, verified at the destination.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../../errors.js';
import { copyStore } from '../../audit/copy-store.js';
import { isPostgresLocation, shownUrl } from '../../postgres/url.js';
import { resolveConfig, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';
import { formatHead, EMPTY_LOG_HEAD } from '../../audit/head.js';
import { countOf } from '../../plural.js';

interface StoreCopyFlags extends SourceFlags {
  to: string;
  quiet?: boolean;
}

export function registerStore(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  const store = program.command('store').description('move the store between SQLite and PostgreSQL');
  store
    .command('copy')
    .description(
      'copy the whole store (records, events, holds, plans, runs, the audit log with the same hashes) to a new store, and verify its chain there',
    )
    .requiredOption(
      '--to <store>',
      'the new store: a file where none is, or postgres://ROLE@HOST/DB (an empty database; the password from PGPASSWORD or ~/.pgpass)',
    )
    .option('--db <file>', "the store to copy (default: the config's store, else ./retention.db)")
    .option('--quiet', 'print nothing on success')
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<StoreCopyFlags>();
      const config = await resolveConfig(flags, ctx);
      const to = isPostgresLocation(flags.to) ? flags.to : path.resolve(ctx.cwd, flags.to);
      const report = await withStore(flags, ctx, config, 'read', (source) => copyStore(source, to, { now: ctx.now }));
      if (!flags.quiet) {
        const shown = isPostgresLocation(to) ? shownUrl(to) : flags.to;
        ctx.out.error(
          `copied to ${shown}: ${countOf(report.counts.get('records') ?? 0, 'record')}, ${countOf(report.counts.get('audit') ?? 0, 'audit entry', 'audit entries')}; ` +
            `the chain verifies there, head ${formatHead(report.head ?? EMPTY_LOG_HEAD)}`,
        );
      }
      setExit(EXIT.ok);
    });
  return store;
}
