import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../../errors.js';
import { openInventory, readInventory } from '../../inventory/read.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { flagNamesOf } from '../../policy/names.js';
import { actorOf, withStore } from '../store-access.js';

interface ImportFlags extends SourceFlags {
  quiet?: boolean;
}

/** `retention inventory import FILE`: upsert records into the store, all or nothing. */
export function registerInventory(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  const inventory = program.command('inventory').description('manage the inventory of records in the store');
  inventory
    .command('import')
    .description('add or update records from a CSV, JSON array or JSON Lines file (all or nothing)')
    .argument('<file>', 'inventory file, or - to read standard input')
    .option('--db <file>', 'store (default: the config\'s store, else ./retention.db)')
    .option('--policy <file>', 'policy whose hold_while flags name the CSV\'s boolean columns (default: the config\'s)')
    .option('--quiet', 'print nothing on success')
    .action(async (file: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ImportFlags>();
      const config = await resolveConfig(flags, ctx);
      const { policy, sha256 } = await resolvePolicy(flags, ctx, config);
      // Opened before the store: a missing file or an empty pipe must not touch the store.
      const input = await openInventory(file, ctx);
      const counts = await withStore(flags, ctx, config, 'create', (store) =>
        store.importRecords(readInventory(input, { flagNames: flagNamesOf(policy) }), { actor: actorOf(config), policySha256: sha256 }, { file }),
      ).finally(() => input.close());
      if (!flags.quiet) {
        ctx.out.error(
          `${file}: ${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged` +
            (counts.listedAfterDeletion > 0
              ? `, ${counts.listedAfterDeletion} listed again after deletion — check the inventory export (they stay deleted and are not due; "retention explain ID" shows each one's deletion)`
              : ''),
        );
      }
      setExit(EXIT.ok);
    });
  return inventory;
}
