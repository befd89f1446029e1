import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, formatProblem, usageError } from '../../errors.js';
import { savePlan } from '../../saved-plans/save-plan.js';
import { addPeriod } from '../../engine/dates.js';
import { HoldIndex } from '../../planner/hold-index.js';
import { isUpcoming, runPlan, type PlanWindow } from '../../planner/planner.js';
import type { Decision } from '../../engine/types.js';
import { parseChoice, parseDateFlag, parseDurationFlag, parseStatusList, type ListableStatus } from '../options.js';
import { resolveConfig, resolvePolicy, resolveRecords, type SourceFlags } from '../sources.js';
import type { RetentionConfig } from '../../config/load.js';
import { refuseFutureAsOf, todayIn } from '../clock.js';
import { RENDERERS, PLAN_FORMATS, type PlanFormat } from '../render/index.js';
import { countOf } from '../../plural.js';
import { holdOutput } from '../held-output.js';

interface PlanFlags extends SourceFlags {
  asOf?: string;
  horizon: string;
  status?: string;
  format: string;
  out?: string;
  validFor?: string;
}

/** Listed by the table when no --status is given: what needs a person's attention. */
const ATTENTION: ListableStatus[] = ['due', 'review', 'held', 'unmatched', 'upcoming'];

export function registerPlan(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('plan')
    .description('show what each record\'s fate is as of a date (a dry run: nothing is changed)')
    .option('--policy <file>', 'policy file (default: the config\'s policy)')
    .option('--inventory <file>', 'inventory file: CSV, JSON array or JSON Lines; - reads standard input')
    .option('--db <file>', 'store to read records and holds from (default: the config\'s store)')
    .option('--as-of <date>', 'the date to decide as of (default: today in the policy\'s timezone)')
    .option('--horizon <duration>', 'look-ahead for records becoming due ("upcoming")', 'P3M')
    .option('--status <list>', `comma-separated statuses to list (${ATTENTION.join(',')} by default in the table; all otherwise)`)
    .option('--format <format>', `output format: ${PLAN_FORMATS.join(', ')}`, 'table')
    .option('--out <plan.json>', 'also save the due records as a plan for a person to approve (needs the store; --as-of not after today)')
    .option('--valid-for <duration>', 'how long a saved plan may be carried out after its as-of date (default: config plans.validFor, else P30D)')
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<PlanFlags>();
      const format = parseChoice('--format', flags.format, PLAN_FORMATS);
      const horizon = parseDurationFlag('--horizon', flags.horizon);
      const config = await resolveConfig(flags, ctx);
      const { policy, file, sha256, warnings } = await resolvePolicy(flags, ctx, config);
      for (const w of warnings) ctx.out.error(formatProblem(w));
      const today = todayIn(policy.timezone, ctx.now());
      const asOf = flags.asOf ? parseDateFlag('--as-of', flags.asOf) : today;
      // A saved plan as of a future date, once approved, would approve deletions in advance.
      if (flags.out) refuseFutureAsOf(asOf, today, policy.timezone, 'plan --out');
      const window: PlanWindow = { asOf, horizonEnd: addPeriod(asOf, horizon) };
      const listed = flags.status ? parseStatusList(flags.status) : defaultListing(format);
      if (flags.out && flags.inventory) {
        throw usageError('--out saves a plan against the store it came from: use the store (--db or the config), not --inventory');
      }
      const validFor = parseDurationFlag('--valid-for', flags.validFor ?? config?.plans.validFor ?? 'P30D');
      // Read-only, so that a DPO can plan from a read-only copy; --out saves the plan in the store.
      const records = await resolveRecords(flags, ctx, config, policy, flags.out ? 'write' : 'read');
      const out = records.checked ? null : holdOutput(ctx.out);
      try {
        const due: Decision[] = [];
        const renderer = RENDERERS[format](out ?? ctx.out);
        await renderer.begin({ asOf, window, horizon, policy: { file, sha256 }, compiled: policy, manualTargets: config ? manualTargetNames(config) : null });
        const summary = await runPlan(policy, records.facts(), new HoldIndex(records.holds), window, (decided) => {
          const batch = decided.map((d) => records.worklist.annotate(d));
          if (flags.out) for (const d of batch) if (d.status === 'due') due.push(d);
          return renderer.batch(listed === null ? batch : batch.filter((d) => isListed(d, listed, window)));
        });
        if (records.store) summary.listedAfterDeletion = await records.store.listedAfterDeletion();
        if (flags.out && records.store) {
          const saved = await savePlan(records.store, flags.out, { asOf, validUntil: addPeriod(asOf, validFor), policy: { file, sha256 }, due, now: ctx.now() }, ctx.cwd);
          ctx.out.error(`saved plan ${flags.out}: ${countOf(due.length, 'due record')}, SHA-256 ${saved.sha256}, valid until ${saved.validUntil}\nnext: retention approve ${flags.out} --by NAME`);
        }
        await renderer.end(summary);
        await out?.release();
      } finally {
        out?.discard();
        await records.close();
      }
      setExit(EXIT.ok);
    });
}

function defaultListing(format: PlanFormat): Set<ListableStatus> | null {
  return format === 'table' ? new Set(ATTENTION) : null;
}

function isListed(d: Decision, listed: Set<ListableStatus>, window: PlanWindow): boolean {
  return listed.has(d.status) || (listed.has('upcoming') && isUpcoming(d, window));
}

function manualTargetNames(config: RetentionConfig): Set<string> {
  return new Set([...config.targets].flatMap(([name, target]) => (target.type === 'manual' ? [name] : [])));
}
