import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, formatProblem, usageError } from '../../errors.js';
import { explainRecord } from '../../planner/explain-record.js';
import { parseChoice, parseDateFlag } from '../options.js';
import { resolveConfig, resolvePolicy, resolveRecords, type SourceFlags } from '../sources.js';
import { todayIn } from '../clock.js';
import { explainJson, explainText } from '../render/explain.js';
import { accountForEvents } from '../render/explain-events.js';
import { deletedJson, deletedText } from '../render/explain-deleted.js';
import { forgottenJson, forgottenText } from '../render/explain-forgotten.js';

interface ExplainFlags extends SourceFlags {
  asOf?: string;
  format: string;
}

export function registerExplain(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('explain')
    .description('say why one record is (or is not) due: every matching rule, its arithmetic, holds and precedence')
    .argument('<record-id>', 'the record to explain')
    .option('--policy <file>', "policy file (default: the config's policy)")
    .option('--inventory <file>', 'inventory file: CSV, JSON array or JSON Lines; - reads standard input')
    .option('--db <file>', "store to read the record and holds from (default: the config's store)")
    .option('--as-of <date>', "the date to decide as of (default: today in the policy's timezone)")
    .option('--format <format>', 'text or json', 'text')
    .action(async (recordId: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ExplainFlags>();
      const format = parseChoice('--format', flags.format, ['text', 'json'] as const);
      const config = await resolveConfig(flags, ctx);
      const { policy, warnings } = await resolvePolicy(flags, ctx, config);
      for (const w of warnings) ctx.out.error(formatProblem(w));
      const asOf = flags.asOf ? parseDateFlag('--as-of', flags.asOf) : todayIn(policy.timezone, ctx.now());
      const records = await resolveRecords(flags, ctx, config, policy);
      try {
        const explained = await explainRecord(records, policy, recordId, asOf);
        if (explained === null) {
          throw usageError(
            'record.not-found',
            `no record "${recordId}" in ${flags.inventory ?? 'the store'} — check the id (ids are case-sensitive)`,
            { record: recordId },
          );
        }
        if (explained.kind === 'forgotten') {
          const { forgotten } = explained;
          await ctx.out.write(
            format === 'json'
              ? `${JSON.stringify(forgottenJson(forgotten), null, 2)}\n`
              : forgottenText(recordId, forgotten, ctx.out.colour),
          );
        } else if (explained.kind === 'deleted') {
          const { deleted } = explained;
          await ctx.out.write(
            format === 'json' ? `${JSON.stringify(deletedJson(deleted), null, 2)}\n` : deletedText(deleted, ctx.out.colour),
          );
        } else {
          const { facts, decision } = explained;
          const events = accountForEvents({ facts, zone: policy.timezone, asOf }, explained.recorded);
          await ctx.out.write(
            format === 'json'
              ? `${JSON.stringify(explainJson(facts, decision, asOf, events), null, 2)}\n`
              : explainText(facts, decision, policy, asOf, ctx.out.colour, events),
          );
        }
      } finally {
        await records.close();
      }
      setExit(EXIT.ok);
    });
}
