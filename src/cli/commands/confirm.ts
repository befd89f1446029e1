import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../../errors.js';
import { confirmDestruction } from '../../apply/confirm.js';
import { DEFAULT_DESTRUCTION_METHODS } from '../../config/schema.js';
import { optionalText, parseByFlag, parseDateFlag, requiredText } from '../options.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';
import { todayIn } from '../clock.js';

interface ConfirmFlags extends SourceFlags {
  by: string;
  method: string;
  note?: string;
  asOf?: string;
}

/**
 * `retention confirm RECORD-ID --by NAME --method METHOD [--note TEXT]`: a person destroyed a
 * record on a manual target; apply/confirm.ts holds the guards.
 */
export function registerConfirm(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('confirm')
    .description('record that a person destroyed a due record the tool cannot reach (paper, offline systems)')
    .argument('<record-id>', 'the record destroyed')
    .requiredOption('--by <name>', 'who destroyed it')
    .requiredOption('--method <method>', 'how: one of the config\'s destructionMethods, e.g. "cross-cut shredder"')
    .option('--note <text>', 'anything else worth keeping (bag number, witness); stays in the store, never in the audit log')
    .option('--as-of <date>', "the date to decide as of (default: today in the policy's timezone)")
    .option('--policy <file>', "policy file (default: the config's policy)")
    .option('--db <file>', "store (default: the config's store)")
    .action(async (recordId: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ConfirmFlags>();
      const by = parseByFlag(flags.by, 'destroyed the record');
      const method = requiredText('--method', flags.method, 'say how the record was destroyed');
      const note = optionalText('--note', flags.note);
      const config = await resolveConfig(flags, ctx);
      const { policy, sha256: policySha256 } = await resolvePolicy(flags, ctx, config);
      const asOf = flags.asOf ? parseDateFlag('--as-of', flags.asOf) : todayIn(policy.timezone, ctx.now());
      await withStore(flags, ctx, config, 'write', (store) =>
        confirmDestruction(store, {
          recordId,
          by,
          method,
          methods: config?.destructionMethods ?? DEFAULT_DESTRUCTION_METHODS,
          note,
          policy,
          policySha256,
          asOf,
          targets: config?.targets ?? new Map(),
        }),
      );
      setExit(EXIT.ok);
    });
}
