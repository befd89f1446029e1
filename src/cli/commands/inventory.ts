import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../../errors.js';
import { openInventory, readInventory } from '../../inventory/read.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { flagNamesOf } from '../../policy/names.js';
import { actorOf, withStore } from '../store-access.js';
import { parseByFlag, requiredText } from '../options.js';
import type { ForgottenRecord, ImportCounts } from '../../store/types.js';
import { countOf } from '../../plural.js';

interface ImportFlags extends SourceFlags {
  quiet?: boolean;
}

interface ForgetFlags extends SourceFlags {
  by?: string;
  reason?: string;
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
      if (!flags.quiet) ctx.out.error(importSummary(file, counts));
      setExit(EXIT.ok);
    });
  inventory
    .command('forget')
    .description('close a record gone without a deletion by retention (deleted elsewhere, or gone for good after a crash); it is never deleted afterwards')
    .argument('<record-id>', 'the record, as the store knows it')
    .option('--by <name>', 'who explains the record (required; the audit entry\'s actor)')
    .option('--reason <text>', 'what became of it (kept in the store, not in the audit log)')
    .option('--db <file>', 'store (default: the config\'s store)')
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

/** One line on stderr: what the import did, and what needs a person (records listed after deletion, records no longer listed). */
export function importSummary(file: string, counts: ImportCounts): string {
  let line = `${file}: ${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged`;
  if (counts.listedAfterDeletion > 0) {
    line += `, ${counts.listedAfterDeletion} listed again after deletion — check the inventory export (they stay deleted and are not due; "retention explain ID" shows each one's deletion)`;
  }
  if (counts.listedAfterForget > 0) line += `, ${counts.listedAfterForget} listed again after being forgotten (they stay closed)`;
  if (counts.noLongerListed > 0) {
    line +=
      `\n${countOf(counts.noLongerListed, 'record')} no longer listed — not deleted by retention; were they deleted elsewhere? ` +
      'They are not decided or deleted until listed again; "retention plan" lists them, and "retention inventory forget ID --by NAME --reason TEXT" closes one that is gone.';
  }
  return line;
}

function forgottenLine(f: ForgottenRecord): string {
  const how = f.noLongerListedSince ? `no longer listed since ${f.noLongerListedSince.slice(0, 10)}` : 'still listed by the latest import';
  const intent = f.closedIntent === null ? '' : `; its open deletion intent (audit entry ${f.closedIntent}) is closed`;
  return `forgot ${f.id} (${how})${intent}: it will never be decided or deleted again`;
}
