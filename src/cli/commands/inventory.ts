import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import type { CompiledPolicy, InventoryRecord } from '../../engine/types.js';
import type { RetentionConfig } from '../../config/load.js';
import type { ImportOptions } from '../../store/inventory.js';
import { queriedInventory } from '../../scan/query-records.js';
import { queryRows } from '../../scan/query-rows.js';
import { openInventory, readInventory } from '../../inventory/read.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { flagNamesOf } from '../../policy/names.js';
import { actorOf, withStore } from '../store-access.js';
import { EventNamesSeen } from '../../policy/unused-events.js';
import { importSummary } from './import-summary.js';
import { importWatchingApprovals } from './import-watching-approvals.js';
import { parseByFlag, requiredText } from '../options.js';
import type { ForgottenRecord } from '../../store/types.js';
import { registerInventoryScan } from './inventory-scan.js';
import { visible } from '../render/visible.js';

interface ImportFlags extends SourceFlags {
  quiet?: boolean;
  from?: string;
  query?: string;
}

interface ForgetFlags extends SourceFlags {
  by?: string;
  reason?: string;
}

/** `retention inventory import FILE | --from TARGET --query SQL` and `inventory scan`: upsert records into the store, all or nothing. */
export function registerInventory(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  const inventory = program.command('inventory').description('manage the inventory of records in the store');
  inventory
    .command('import')
    .description('add or update records from a CSV, JSON array or JSON Lines file (all or nothing)')
    .argument('[file]', 'inventory file, or - to read standard input')
    .option('--from <target>', 'read the records from this sqlite target of the config instead, with --query')
    .option('--query <sql>', 'with --from: a SELECT returning id, subject, category, created, location, then event and flag columns')
    .option('--db <file>', "store (default: the config's store, else ./retention.db)")
    .option('--policy <file>', "policy whose hold_while flags name the CSV's boolean columns (default: the config's)")
    .option('--quiet', 'print nothing on success')
    .action(async (file: string | undefined, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ImportFlags>();
      if ((file === undefined) === (flags.from === undefined) || (flags.from === undefined) !== (flags.query === undefined)) {
        throw usageError('usage.conflicting-flags', 'give an inventory FILE, or --from TARGET with --query SQL', {
          flags: ['FILE', '--from', '--query'],
        });
      }
      const config = await resolveConfig(flags, ctx);
      const { policy, sha256 } = await resolvePolicy(flags, ctx, config);
      const by = { actor: actorOf(config), policySha256: sha256 };
      // Opened before the store: a missing file, an empty pipe or a bad query must not touch the store.
      const source =
        flags.from !== undefined && flags.query !== undefined
          ? await queriedSource(flags.from, flags.query, config, policy, ctx)
          : await fileSource(file ?? '-', policy, ctx);
      const seen = new EventNamesSeen();
      const counts = await withStore(flags, ctx, config, 'create', (store) =>
        importWatchingApprovals(store, seen.watch(source.batches), by, { name: source.name, options: source.options, policy }, ctx),
      ).finally(() => source.close());
      if (!flags.quiet) {
        for (const unused of seen.unusedBy(policy)) {
          const guess = unused.guess === null ? '' : ` — did you mean "${unused.guess}"?`;
          ctx.out.error(
            `warning: ${source.name}: event column "${unused.name}" is not read by any rule of the policy: its dates were imported but count for nothing${guess}`,
          );
        }
        ctx.out.error(`${source.name}: ${importSummary(counts)}`);
      }
      setExit(EXIT.ok);
    });
  registerInventoryScan(inventory, ctx, setExit);
  inventory
    .command('forget')
    .description(
      'close a record the latest import no longer lists, gone without a deletion by retention (deleted elsewhere); it is never decided or deleted afterwards',
    )
    .argument('<record-id>', 'the record, as the store knows it')
    .option('--by <name>', "who explains the record (required; the audit entry's actor)")
    .option('--reason <text>', 'what became of it (kept in the store, not in the audit log)')
    .option('--db <file>', "store (default: the config's store)")
    .action(async (id: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ForgetFlags>();
      const reason = requiredText('--reason', flags.reason, 'say what became of the record (kept in the store, not in the audit log)');
      const by = parseByFlag(flags.by, 'explains the record');
      const config = await resolveConfig(flags, ctx);
      const forgotten = await withStore(flags, ctx, config, 'write', (store) => store.forgetRecord(id, reason, { actor: by }));
      await ctx.out.write(`${forgottenLine(forgotten)}\n`);
      setExit(EXIT.ok);
    });
  return inventory;
}

function forgottenLine(f: ForgottenRecord): string {
  const how = f.noLongerListedSince ? ` (no longer listed since ${f.noLongerListedSince.slice(0, 10)})` : '';
  return `forgot ${visible(f.id)}${how}: it will never be decided or deleted again`;
}

interface ImportSourceOf {
  name: string;
  batches: AsyncIterable<InventoryRecord[]>;
  options: ImportOptions;
  close: () => Promise<void> | void;
}

async function fileSource(file: string, policy: CompiledPolicy, ctx: CommandContext): Promise<ImportSourceOf> {
  const input = await openInventory(file, ctx);
  return { name: file, batches: readInventory(input, { flagNames: flagNamesOf(policy) }), options: { file }, close: () => input.close() };
}

async function queriedSource(
  target: string,
  sql: string,
  config: RetentionConfig | null,
  policy: CompiledPolicy,
  ctx: CommandContext,
): Promise<ImportSourceOf> {
  const queried = queriedInventory(target, await queryRows(target, sql, config, ctx), flagNamesOf(policy));
  // The query lists that target's records only: the others are not "no longer listed" for it.
  return { name: queried.name, batches: queried.batches, options: { scope: { target } }, close: () => queried.close() };
}
