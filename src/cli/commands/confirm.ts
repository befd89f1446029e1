import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import { decide } from '../../engine/decide.js';
import { HoldIndex } from '../../planner/hold-index.js';
import { splitLocation } from '../../targets/registry.js';
import { parseDateFlag } from '../options.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';
import { todayIn } from '../clock.js';
import { recordErasureCompletedByConfirmation } from '../../apply/erasure-completion.js';
import { DEFAULT_DESTRUCTION_METHODS } from '../../config/schema.js';
import { closestWord } from '../../yaml/did-you-mean.js';

interface ConfirmFlags extends SourceFlags {
  by: string;
  method: string;
  note?: string;
  asOf?: string;
}

/**
 * `retention confirm RECORD-ID --by NAME --method METHOD [--note TEXT]`: a person destroyed a
 * record on a manual target. The method is one of the config's `destructionMethods` (it enters the
 * hash-chained log, which must hold no personal data); the free note stays in the store. Refused unless the record is on the destruction worklist (an apply run put it
 * there, so its deletion was automatic or approved) and is still due today: a held record, or
 * one whose trigger changed since, must not be recorded as properly destroyed.
 */
export function registerConfirm(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('confirm')
    .description('record that a person destroyed a due record the tool cannot reach (paper, offline systems)')
    .argument('<record-id>', 'the record destroyed')
    .requiredOption('--by <name>', 'who destroyed it')
    .requiredOption('--method <method>', 'how: one of the config\'s destructionMethods, e.g. "cross-cut shredder"')
    .option('--note <text>', 'anything else worth keeping (bag number, witness); stays in the store, never in the audit log')
    .option('--as-of <date>', 'the date to decide as of (default: today in the policy\'s timezone)')
    .option('--policy <file>', 'policy file (default: the config\'s policy)')
    .option('--db <file>', 'store (default: the config\'s store)')
    .action(async (recordId: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ConfirmFlags>();
      if (!flags.by.trim() || !flags.method.trim()) throw usageError('--by and --method must not be empty');
      const config = await resolveConfig(flags, ctx);
      const methods = config?.destructionMethods ?? DEFAULT_DESTRUCTION_METHODS;
      const method = methods.find((m) => m === flags.method.trim());
      if (method === undefined) {
        const guess = closestWord(flags.method.trim(), methods);
        throw usageError(
          `--method "${flags.method}" is not one of the destruction methods: ${methods.map((m) => `"${m}"`).join(', ')}. Nothing was recorded.` +
            `\n  hint: ${guess ? `did you mean "${guess}"? ` : ''}put details (bag number, witness) in --note TEXT, which stays out of the audit log; the config's destructionMethods lists the methods`,
        );
      }
      const { policy, sha256: policySha256 } = await resolvePolicy(flags, ctx, config);
      const asOf = flags.asOf ? parseDateFlag('--as-of', flags.asOf) : todayIn(policy.timezone, ctx.now());
      await withStore(flags, ctx, config, 'write', async (store) => {
        const facts = await store.getFacts(recordId);
        if (!facts) throw usageError(`no record "${recordId}" in the store, or it was already destroyed`);
        const target = splitLocation(facts.record.location ?? '')?.target;
        const targetType = target === undefined ? undefined : config?.targets.get(target)?.type;
        if (targetType !== 'manual') {
          throw usageError(`${recordId} is not on a manual target (location target "${target ?? 'none'}"): "retention apply" deletes it; confirm is for records a person destroys by hand`);
        }
        const decision = decide(policy, facts, new HoldIndex(await store.activeHolds()).holdsFor(facts.record), asOf);
        if (decision.status !== 'due') {
          throw usageError(`refused: ${recordId} is ${decision.status}, not due — it must not be destroyed (${decision.reason}). Nothing was recorded.`);
        }
        const worklistLine = (await store.unsettledIntents()).find((i) => i.record === recordId);
        if (!worklistLine) {
          throw usageError(`refused: ${recordId} is not on the destruction worklist — "retention apply" puts due records there once their rule is automatic or a plan listing them is approved. Nothing was recorded.`);
        }
        await store.recordConfirmation({ recordId, method, note: flags.note?.trim() || null, rule: decision.rule }, { actor: flags.by.trim() });
        // The last erasable record of an erasure request may be paper: then this answers the request.
        await recordErasureCompletedByConfirmation(store, policy, asOf, decision, { actor: flags.by.trim(), run: worklistLine.run, policySha256 });
      });
      setExit(EXIT.ok);
    });
}
