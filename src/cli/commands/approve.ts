import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';
import { todayIn } from '../clock.js';
import { loadSavedPlan } from '../../saved-plans/load-plan.js';
import { planProblem } from '../../saved-plans/plan-checks.js';
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
    .option('--policy <file>', 'policy file (default: the config\'s policy)')
    .option('--db <file>', 'store (default: the config\'s store)')
    .action(async (file: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ApproveFlags>();
      const by = flags.by.trim();
      if (!by) throw usageError('--by must name the person approving');
      const config = await resolveConfig(flags, ctx);
      const { policy, sha256: policySha256 } = await resolvePolicy(flags, ctx, config);
      // Expiry is judged on the real date: no --as-of can make an expired plan valid again.
      const today = todayIn(policy.timezone, ctx.now());
      const message = await withStore(flags, ctx, config, 'write', async (store) => {
        const { plan, sha256 } = await loadSavedPlan(store, file, ctx.cwd);
        const problem = planProblem(plan, { storeId: await store.storeId(), policySha256, today });
        if (problem) throw usageError(`${file}: refused: ${problem}. Nothing was changed.`);
        const { approval, recorded } = await store.approvePlan({ planSha256: sha256, note: flags.note ?? null }, { actor: by });
        if (!recorded) {
          return `${file} (SHA-256 ${sha256}) was already approved by ${approval.approvedBy} at ${approval.approvedAt}; nothing new was recorded`;
        }
        const required = plan.records.filter((r) => r.approval === 'required').length;
        return `approved ${file} (SHA-256 ${sha256}) by ${by}: ${countOf(plan.records.length, 'record')} (${required} needed approval), valid until ${plan.validUntil}; the next "retention apply --yes" carries it out`;
      });
      ctx.out.error(message);
      setExit(EXIT.ok);
    });
}
