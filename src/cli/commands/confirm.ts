import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import { resolveConfig, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';

interface ConfirmFlags extends SourceFlags {
  by: string;
  method: string;
}

/** `retention confirm RECORD-ID --by NAME --method TEXT`: a person destroyed a record on a manual target. */
export function registerConfirm(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('confirm')
    .description('record that a person destroyed a record the tool cannot reach (paper, offline systems)')
    .argument('<record-id>', 'the record destroyed')
    .requiredOption('--by <name>', 'who destroyed it')
    .requiredOption('--method <text>', 'how, e.g. "cross-cut shredder", "secure disposal bag 41"')
    .option('--db <file>', 'store (default: the config\'s store)')
    .action(async (recordId: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ConfirmFlags>();
      if (!flags.by.trim() || !flags.method.trim()) throw usageError('--by and --method must not be empty');
      const config = await resolveConfig(flags, ctx);
      await withStore(flags, ctx, config, { create: false }, (store) =>
        store.recordConfirmation({ recordId, by: flags.by.trim(), method: flags.method.trim() }),
      );
      setExit(EXIT.ok);
    });
}
