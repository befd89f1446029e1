import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, formatProblem } from '../../errors.js';
import { describeRule } from '../../policy/describe.js';
import { resolvePolicy } from '../sources.js';
import { countOf } from '../../plural.js';

/** `retention validate`: checks a policy and prints it back as English, rule by rule. */
export function registerValidate(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('validate')
    .description('check a policy file and print its rules back in plain English')
    .option('--policy <file>', 'policy file (default: the config\'s policy)')
    .action(async (_opts, command: Command) => {
      const { policy, file, warnings } = await resolvePolicy(command.optsWithGlobals(), ctx);
      for (const w of warnings) ctx.out.error(formatProblem(w));
      let text = `${file}: valid — ${policy.organisation}, ${countOf(policy.rules.length, 'rule')}, timezone ${policy.timezone}\n`;
      for (const rule of policy.rules) text += `  ${rule.id}: ${describeRule(rule)}\n`;
      await ctx.out.write(text);
      setExit(EXIT.ok);
    });
}
