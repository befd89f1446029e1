import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, formatProblem } from '../../errors.js';
import { describeRule } from '../../policy/describe.js';
import { resolveConfig, resolvePolicy, warnOverlappingTargets, type SourceFlags } from '../sources.js';
import { countOf } from '../../plural.js';
import { requirePolicy } from '../../policy/load.js';
import { comparePolicies } from '../../policy/compare.js';

/** `retention validate`: checks a policy and prints it back as English, rule by rule. */
export function registerValidate(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('validate')
    .description('check a policy file and print its rules back in plain English')
    .option('--policy <file>', "policy file (default: the config's policy)")
    .option('--compare <old-policy>', 'also say, rule by rule, what changed since an older version of the policy')
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<SourceFlags & { compare?: string }>();
      const config = await resolveConfig(flags, ctx);
      const { policy, file, warnings } = await resolvePolicy(flags, ctx, config);
      const older = flags.compare === undefined ? null : await requirePolicy(flags.compare, undefined, ctx.cwd);
      for (const w of warnings) ctx.out.error(formatProblem(w));
      warnOverlappingTargets(config, ctx);
      let text = `${file}: valid — ${policy.organisation}, ${countOf(policy.rules.length, 'rule')}, timezone ${policy.timezone}\n`;
      for (const rule of policy.rules) text += `  ${rule.id}: ${describeRule(rule)}\n`;
      if (older && flags.compare !== undefined) {
        const changes = comparePolicies(older.policy, policy);
        text +=
          changes.length === 0
            ? `\nNo rule changed since ${flags.compare}.\n`
            : `\nChanged since ${flags.compare}:\n${changes.map((c) => `  ${c}\n`).join('')}`;
      }
      await ctx.out.write(text);
      setExit(EXIT.ok);
    });
}
