import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../../errors.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';
import { todayIn } from '../clock.js';
import { optionalText, parseByFlag } from '../options.js';
import { approvePlanFile } from '../../saved-plans/approve-plan.js';
import { countOf } from '../../plural.js';

interface ApproveFlags extends SourceFlags {
  by: string;
  note?: string;
}

/** `retention approve PLAN.json --by NAME`: a named person approves exactly that file (disposition review). */
export function registerApprove(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('approve')
    .description('approve a saved plan (its exact bytes) so that apply may delete its records')
    .argument('<plan.json>', 'a plan written by "retention plan --out"')
    .requiredOption('--by <name>', 'who approves (recorded in the audit log)')
    .option('--note <text>', 'a note kept with the approval in the store (not in the audit log)')
    .option('--policy <file>', "policy file (default: the config's policy)")
    .option('--db <file>', "store (default: the config's store)")
    .action(async (file: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ApproveFlags>();
      const by = parseByFlag(flags.by, 'approves the plan');
      const note = optionalText('--note', flags.note);
      const config = await resolveConfig(flags, ctx);
      const { policy, sha256: policySha256 } = await resolvePolicy(flags, ctx, config);
      const today = todayIn(policy.timezone, ctx.now());
      const result = await withStore(flags, ctx, config, 'write', (store) =>
        approvePlanFile(store, { file, by, note, policySha256, today, cwd: ctx.cwd }),
      );
      const { approval, plan, sha256 } = result;
      if (!result.recorded) {
        ctx.out.error(
          `${file} (SHA-256 ${sha256}) was already approved by ${approval.approvedBy} at ${approval.approvedAt}; nothing new was recorded`,
        );
      } else {
        const required = plan.records.filter((r) => r.approval === 'required').length;
        ctx.out.error(
          `approved ${file} (SHA-256 ${sha256}) by ${by}: ${countOf(plan.records.length, 'record')} (${required} needed approval), valid until ${plan.validUntil}; the next "retention apply --yes" carries it out`,
        );
      }
      setExit(EXIT.ok);
    });
}
