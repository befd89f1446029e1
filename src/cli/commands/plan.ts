import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, formatProblem, usageError } from '../../errors.js';
import { planAndSave } from '../../saved-plans/plan-and-save.js';
import { refuseExpiredOnSaving } from '../../saved-plans/plan-checks.js';
import { refuseFutureAsOf } from '../../apply/as-of.js';
import { addPeriod } from '../../engine/dates.js';
import { isUpcoming, type PlanWindow } from '../../planner/planner.js';
import type { Decision } from '../../engine/types.js';
import { parseChoice, parseDateFlag, parseDurationFlag, parseStatusList, parseValidityFlag, type ListableStatus } from '../options.js';
import { resolveConfig, resolvePolicy, resolveRecords, warnOverlappingTargets, type SourceFlags } from '../sources.js';
import type { RetentionConfig } from '../../config/load.js';
import { todayIn } from '../clock.js';
import { RENDERERS, PLAN_FORMATS, type PlanFormat } from '../render/index.js';
import { countOf } from '../../plural.js';
import { requirePolicy } from '../../policy/load.js';
import { holdOutput } from '../held-output.js';

interface PlanFlags extends SourceFlags {
  asOf?: string;
  horizon: string;
  status?: string;
  format: string;
  out?: string;
  validFor?: string;
  compare?: string;
}

/** The formats that show a comparison with an older policy (csv and ndjson are one decision per line, nothing else). */
const COMPARING_FORMATS: readonly PlanFormat[] = ['table', 'json', 'html'];

/** Listed by the table when no --status is given: what needs a person's attention. */
const ATTENTION: ListableStatus[] = ['due', 'review', 'held', 'unmatched', 'upcoming'];

export function registerPlan(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('plan')
    .description("show what each record's fate is as of a date (a dry run: nothing is changed)")
    .option('--policy <file>', "policy file (default: the config's policy)")
    .option('--inventory <file>', 'inventory file: CSV, JSON array or JSON Lines; - reads standard input')
    .option('--db <file>', "store to read records and holds from (default: the config's store)")
    .option('--as-of <date>', "the date to decide as of (default: today in the policy's timezone)")
    .option('--horizon <duration>', 'look-ahead for records becoming due ("upcoming")', 'P3M')
    .option('--status <list>', `comma-separated statuses to list (${ATTENTION.join(',')} by default in the table; all otherwise)`)
    .option('--format <format>', `output format: ${PLAN_FORMATS.join(', ')}`, 'table')
    .option('--out <plan.json>', 'also save the due records as a plan for a person to approve (needs the store; --as-of not after today)')
    .option('--compare <old-policy>', 'also decide every record under an older policy and show what changes (table, json or html)')
    .option(
      '--valid-for <duration>',
      'how long a saved plan may be carried out after its as-of date (default: config plans.validFor, else P30D)',
    )
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<PlanFlags>();
      const format = parseChoice('--format', flags.format, PLAN_FORMATS);
      const horizon = parseDurationFlag('--horizon', flags.horizon);
      const config = await resolveConfig(flags, ctx);
      const { policy, file, sha256, warnings } = await resolvePolicy(flags, ctx, config);
      for (const w of warnings) ctx.out.error(formatProblem(w));
      warnOverlappingTargets(config, ctx);
      const today = todayIn(policy.timezone, ctx.now());
      const asOf = flags.asOf ? parseDateFlag('--as-of', flags.asOf) : today;
      // A saved plan as of a future date, once approved, would approve deletions in advance.
      if (flags.out) refuseFutureAsOf(asOf, today, policy.timezone, 'plan --out');
      const window: PlanWindow = { asOf, horizonEnd: addPeriod(asOf, horizon) };
      const listed = flags.status ? parseStatusList(flags.status) : defaultListing(format);
      if (flags.out && flags.inventory) {
        throw usageError(
          'usage.conflicting-flags',
          '--out saves a plan against the store it came from: use the store (--db or the config), not --inventory',
          { flags: ['--out', '--inventory'] },
        );
      }
      if (flags.compare !== undefined && !COMPARING_FORMATS.includes(format)) {
        throw usageError('usage.conflicting-flags', `--compare shows its comparison in ${COMPARING_FORMATS.join(', ')}, not in ${format}`, {
          flags: ['--compare', '--format'],
        });
      }
      const compareWith =
        flags.compare === undefined ? null : { ...(await requirePolicy(flags.compare, undefined, ctx.cwd)), file: flags.compare };
      const validFor =
        flags.validFor === undefined ? (config?.plans.validFor ?? 'P30D') : parseValidityFlag('--valid-for', flags.validFor, asOf);
      // The config's validity was checked as far as it can be without a date; now the cap is on the day.
      if (flags.out && flags.validFor === undefined) parseValidityFlag('plans.validFor', validFor, asOf);
      const saveTo = flags.out ? { file: flags.out, validUntil: addPeriod(asOf, validFor) } : null;
      if (saveTo) refuseExpiredOnSaving(saveTo.file, { asOf, validUntil: saveTo.validUntil, today });
      // Read-only, so that a DPO can plan from a read-only copy; --out saves the plan in the store.
      const records = await resolveRecords(flags, ctx, config, policy, flags.out ? 'write' : 'read');
      const out = records.checked ? null : holdOutput(ctx.out);
      try {
        const renderer = RENDERERS[format](out ?? ctx.out);
        await renderer.begin({
          asOf,
          window,
          horizon,
          policy: { file, sha256 },
          compiled: policy,
          manualTargets: config ? manualTargetNames(config) : null,
        });
        const saveAs = saveTo ? { ...saveTo, policy: { file, sha256 }, now: ctx.now(), cwd: ctx.cwd } : null;
        const { summary, saved, ...extras } = await planAndSave(
          { policy, records, window, saveAs, compareWith, sinceLastPlan: format === 'html' },
          (batch) => renderer.batch(listed === null ? batch : batch.filter((d) => isListed(d, listed, window))),
        );
        if (saved) {
          ctx.out.error(
            `saved plan ${saved.file}: ${countOf(saved.due, 'due record')}, SHA-256 ${saved.sha256}, valid until ${saved.validUntil}\nnext: retention approve ${saved.file} --by NAME`,
          );
        }
        await renderer.end(summary, extras);
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
