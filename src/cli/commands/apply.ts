import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import type { CommandContext } from '../main.js';
import { EXIT, RetentionError, formatProblem, refusal, usageError } from '../../errors.js';
import { parseCountFlag, parseDateFlag, parsePercentFlag } from '../options.js';
import { resolveConfig, resolvePolicy, storePath, type SourceFlags } from '../sources.js';
import { actorOf, withStore } from '../store-access.js';
import { todayIn } from '../clock.js';
import { refuseFutureAsOf } from '../../apply/as-of.js';
import type { RetentionConfig } from '../../config/load.js';
import type { Limit } from '../../apply/limits.js';
import type { ApplyResult } from '../../apply/run-apply.js';
import { applyDue, type ApplyDueResult } from '../../apply/apply-due.js';
import type { PolicyChange } from '../../apply/policy-change.js';
import { TargetSet } from '../../apply/target-set.js';
import { toolFiles } from '../../targets/own-files.js';
import { crashPointsFrom } from '../../apply/crash-points.js';
import type { Deletion } from '../../apply/execute.js';
import { countOf } from '../../plural.js';
import { errnoCode } from '../../error-details.js';

interface ApplyFlags extends SourceFlags {
  yes?: boolean;
  maxDeletions?: string;
  maxPercent?: string;
  asOf?: string;
  quiet?: boolean;
  debug?: boolean;
  target: string[];
}

/** Records per journaled batch: a crash leaves at most this many intents to settle; bigger batches mean fewer fsyncs. */
const BATCH_SIZE = 1000;

export function registerApply(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('apply')
    .description('delete due records: automatic rules and approved plans (or one approved PLAN.json), journaled in the audit log')
    .argument('[plan.json]', 'carry out this approved plan only')
    .option('--yes', 'delete without asking (required when not on a terminal, e.g. from cron)')
    .option('--max-deletions <n>', "refuse the whole run if it would delete more than this (wins over the config's limits.maxDeletions)")
    .option(
      '--max-percent <n>',
      'refuse the whole run if it would delete more than this % of the live records (wins over limits.maxPercent)',
    )
    .option('--as-of <date>', "the date to decide as of, not after today (default: today in the policy's timezone)")
    .option('--policy <file>', "policy file (default: the config's policy)")
    .option('--db <file>', "store: a file, or postgres://ROLE@HOST/DB (default: the config's store)")
    .option(
      '--target <name>',
      'delete from this target only (repeatable; default: every target in the config); runs over other targets may go on meanwhile on a PostgreSQL store',
      collectTargets,
      [],
    )
    .option('--quiet', 'print nothing unless something failed (not even changes to the manual destruction worklist)')
    .action(async (planFile: string | undefined, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ApplyFlags>();
      if (!flags.yes && !ctx.stdin.isTerminal) {
        throw refusal(
          'apply.needs-yes',
          'refusing to delete without --yes when input is not a terminal (cron); nothing was changed. Add --yes to the cron line.',
        );
      }
      const maxDeletions = flags.maxDeletions === undefined ? undefined : parseCountFlag('--max-deletions', flags.maxDeletions);
      const maxPercent = flags.maxPercent === undefined ? undefined : parsePercentFlag('--max-percent', flags.maxPercent);
      const config = await resolveConfig(flags, ctx);
      if (!config)
        throw usageError(
          'usage.no-config',
          'apply needs a config that declares the targets (retention.config.yaml, or --config FILE); "retention init" writes one',
        );
      const { policy, sha256, text: policyText, warnings, file: policyFile } = await resolvePolicy(flags, ctx, config);
      // Cron mails whatever a run prints: unattended, the warnings go to the log instead (once per policy version).
      const unattended = Boolean(flags.quiet) || !ctx.stderr.isTTY;
      if (!unattended) for (const w of warnings) ctx.out.error(formatProblem(w));
      const today = todayIn(policy.timezone, ctx.now());
      const asOf = flags.asOf ? parseDateFlag('--as-of', flags.asOf) : today;
      refuseFutureAsOf(asOf, today, policy.timezone, 'apply');
      const own = toolFiles({ store: storePath(flags, ctx, config), config: config.file, policy: path.resolve(ctx.cwd, policyFile) });
      const targets = new TargetSet(config.targets, config.dir, undefined, flags.target.length > 0 ? flags.target : null, own);
      const stop = watchForStopSignals(ctx);
      const progress = newProgressBar(ctx);
      try {
        const result = await withStore(flags, ctx, config, 'write', (store) =>
          applyDue({
            store,
            planFile,
            today,
            policyWarnings: warnings,
            cwd: ctx.cwd,
            policy,
            policySha256: sha256,
            policyText,
            targets,
            actor: actorOf(config),
            asOf,
            limits: {
              maxDeletions: limitFrom('--max-deletions', maxDeletions, config, 'maxDeletions'),
              maxPercent: limitFrom('--max-percent', maxPercent, config, 'maxPercent'),
            },
            batchSize: BATCH_SIZE,
            now: ctx.now,
            shouldStop: stop.requested,
            confirm: (selected) => (flags.yes ? Promise.resolve(true) : askToConfirm(selected, ctx)),
            onProgress: progress?.update,
            crashPoint: crashPointsFrom(ctx.env),
          }),
        );
        progress?.stop();
        report(result, ctx, { quiet: Boolean(flags.quiet), unattended, debug: Boolean(flags.debug), asOf }, stop.signal());
        const r = result.report;
        setExit(result.error || result.afterRun || r.failed.length > 0 || r.notReached > 0 ? EXIT.someFailed : EXIT.ok);
      } finally {
        progress?.stop();
        stop.dispose();
        await targets.closeAll();
      }
    });
}

/** `--target` may be given again for each target. */
function collectTargets(name: string, earlier: string[]): string[] {
  return [...earlier, name];
}

/** A safety limit from its flag, else from the config's `limits`, saying which set it. */
function limitFrom(flag: string, fromFlag: number | undefined, config: RetentionConfig, key: 'maxDeletions' | 'maxPercent'): Limit | null {
  if (fromFlag !== undefined) return { value: fromFlag, setBy: flag };
  const value = config.limits[key];
  return value === null ? null : { value, setBy: `limits.${key} in ${path.basename(config.file)}` };
}

/** SIGINT/SIGTERM: finish the current batch, journal it, then stop; the rest stays due. */
function watchForStopSignals(ctx: CommandContext) {
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received === null) ctx.out.error(`retention: ${signal} received — stopping after the current batch`);
    received = signal;
  };
  return {
    requested: () => received !== null,
    signal: () => received,
    dispose: ctx.onStopSignal(onSignal),
  };
}

/** A progress bar on stderr, only when stderr is a terminal (never in cron mail). */
function newProgressBar(ctx: CommandContext) {
  if (!ctx.stderr.isTTY) return null;
  const bar = new SingleBar({ stream: ctx.stderr, format: 'deleting [{bar}] {value}/{total}', hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update: (done: number, total: number) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

async function askToConfirm(selected: readonly Deletion[], ctx: CommandContext): Promise<boolean> {
  const lines = selected.slice(0, 50).map(({ decision: d }) => `  ${d.id}  ${d.category}  ${d.rule ?? ''}  ${d.reason}`);
  if (selected.length > 50) lines.push(`  … and ${selected.length - 50} more`);
  ctx.out.error(`${countOf(selected.length, 'record')} due, to be deleted:\n${lines.join('\n')}`);
  const rl = createInterface({ input: ctx.stdin.stream(), output: ctx.stderr });
  try {
    const answer = await rl.question(`Delete ${countOf(selected.length, 'record')}? Type "yes" to go on: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}

/**
 * Quiet on success off a terminal (cron mails any output), except for work the run hands to a
 * person: approved records that changed since their plan (a new plan is needed), records to
 * destroy by hand, and records taken off that list, which must not be destroyed. A summary on stderr when anything failed, and always when an error stopped the
 * run: then the summary is what was done before it.
 */
function report(
  result: ApplyDueResult,
  ctx: CommandContext,
  options: { quiet: boolean; unattended: boolean; debug: boolean; asOf: string },
  signal: string | null,
): void {
  const r = result.report;
  const withdrawn = result.withdrawnFromWorklist;
  const changed = result.changedSincePlan;
  const workForAPerson = [
    ...(changed.length === 0
      ? []
      : [
          `${countOf(changed.length, 'approved record')} not carried out, changed since approval: plan again (retention plan --out PLAN.json) and have the new plan approved:`,
          ...changed.map((c) => `  not carried out: ${c.id}: ${c.reason}`),
        ]),
    ...(withdrawn.length === 0
      ? []
      : [
          `${countOf(withdrawn.length, 'record')} taken off the destruction worklist: do NOT destroy ${withdrawn.length === 1 ? 'it' : 'them'} — tell whoever has the list:`,
          ...withdrawn.map((w) => `  ${w.id}  ${w.location ?? ''}  ${w.status} now`),
        ]),
    ...(r.worklist.length === 0
      ? []
      : [
          `${countOf(r.worklist.length, 'record')} on manual targets must now be destroyed by hand, then confirmed (retention confirm ID --by NAME --method METHOD):`,
          ...r.worklist.map((w) => `  ${w.record.id}  ${w.record.location ?? ''}  ${w.decision.rule ?? ''}`),
        ]),
  ];
  if (!needsAttention(result) && options.unattended) {
    // Off a terminal a good night is silent, except for work it hands to a person.
    if (!options.quiet && workForAPerson.length > 0) ctx.out.error(workForAPerson.join('\n'));
    return;
  }
  const lines = [
    `run ${result.run}: ${r.deleted} deleted, ${r.alreadyAbsent} already absent, ${r.failed.length} failed` +
      (r.interrupted > 0 ? `, ${r.interrupted} interrupted` : '') +
      (r.notReached > 0 ? `, ${r.notReached} not reached (stopped by ${result.error ? 'the error below' : (signal ?? 'request')})` : '') +
      (result.declined ? ' — declined, nothing deleted' : ''),
  ];
  if (result.policyChanged) lines.push(...policyChangeLines(result.policyChanged));
  if (result.settled.settled > 0) lines.push(`settled ${result.settled.settled} deletions left open by an interrupted run`);
  if (result.reappeared > 0)
    lines.push(`found back in their targets (a restored backup?) and due again: ${countOf(result.reappeared, 'deleted record')}`);
  for (const id of result.differentItemAt)
    lines.push(
      `  a different item is now at the location of deleted record ${id}: not deleted (is it a new record's? check the inventory)`,
    );
  if (result.awaitingApproval > 0)
    lines.push(
      `awaiting approval: ${countOf(result.awaitingApproval, 'due record')} (retention plan --out PLAN.json, then retention approve)`,
    );
  for (const n of result.notCarriedOut)
    lines.push(`  not carried out: ${n.id} from plan ${n.plan.slice(0, 12)}… is ${n.status} now: ${n.reason}`);
  for (const n of result.notDueToday)
    lines.push(`  not carried out: ${n.id} is due as of ${options.asOf} but not as of today, when it is ${n.status}: ${n.reason}`);
  for (const c of r.changedDuringRun) {
    lines.push(
      c.status === 'held'
        ? `  held during the run: ${c.record}, not deleted: ${c.reason}`
        : `  no longer due during the run: ${c.record} is ${c.status ?? 'gone from the store'}, not deleted: ${c.reason}`,
    );
  }
  if (result.erasuresCompleted > 0) lines.push(`${countOf(result.erasuresCompleted, 'erasure request')} completed`);
  for (const f of r.failed.slice(0, 20)) lines.push(`  failed ${f.record}: ${f.error}`);
  if (r.failed.length > 20)
    lines.push(`  … and ${countOf(r.failed.length - 20, 'more failure')}: retention audit list --run ${result.run} --action failed`);
  if (result.error) lines.push(...describeError(result, options.debug));
  if (result.afterRun) {
    lines.push(
      `retention: after the run, keeping the policy's text and warnings in the store failed (the next run keeps them): ${result.afterRun.message}`,
    );
  }
  ctx.out.error([...lines, ...workForAPerson].join('\n'));
}

/** Said on a terminal by the first run under a new policy version; cron hears it from the log (`policy-changed`). */
function policyChangeLines(change: PolicyChange): string[] {
  const versions = `${change.oldSha256.slice(0, 12)}… → ${change.newSha256.slice(0, 12)}…`;
  if (change.changed === null)
    return [
      `first run under a new policy version (${versions}); logged as policy-changed (the earlier version's text is not in the store, so its decisions were not compared)`,
    ];
  return [
    `first run under a new policy version (${versions}): ${countOf(change.changed, 'record')} of ${change.records} decided differently; logged as policy-changed`,
    ...change.lines.map((line) => `  ${line}`),
  ];
}

/** What a person must hear about even from cron: failures, a stop, an error, another item at a deleted record's location. */
function needsAttention(result: ApplyDueResult): boolean {
  const r = result.report;
  return result.error !== null || result.afterRun !== null || r.failed.length > 0 || r.notReached > 0 || result.differentItemAt.length > 0;
}

/** What stopped the run after deleting began: the counts above are what was done before it. */
function describeError(result: ApplyResult, debug: boolean): string[] {
  const error = result.error;
  if (!error) return [];
  // A RetentionError, or an error of the system or of SQLite (with a code such as ENOSPC or
  // SQLITE_FULL), is the machine's problem; anything else is ours.
  const environment = error instanceof RetentionError || errnoCode(error) !== undefined;
  const lines = [
    environment
      ? `retention: the run stopped early: ${error.message}`
      : `retention: internal error: ${error.message}\nThis is a bug in retention: the run stopped early; the counts above are what it did before.`,
  ];
  if (result.report.interrupted > 0) {
    lines.push(
      `being deleted when it stopped: ${countOf(result.report.interrupted, 'record')}; the next run looks for them in their targets and logs what happened`,
    );
  }
  lines.push(`the audit log has every deletion made before it: retention audit list --run ${result.run}`);
  if (debug && error.stack) lines.push(error.stack);
  return lines;
}
