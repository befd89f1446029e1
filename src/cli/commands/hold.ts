import type { Command } from 'commander';
import Table from 'cli-table3';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import { parseByFlag, parseChoice, parseDateFlag, requiredText } from '../options.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';
import { todayIn } from '../clock.js';
import { manualTargetTest } from '../../config/load.js';
import type { Hold } from '../../engine/types.js';
import { placeHold, type HeldOnWorklist, type HoldReach } from '../../holds/place-hold.js';
import { countOf } from '../../plural.js';
import { visible } from '../render/visible.js';

interface HoldFlags extends SourceFlags {
  subject?: string;
  record?: string;
  category?: string;
  reason?: string;
  until?: string;
  all?: boolean;
  format?: string;
  by?: string;
}

/** Legal holds: nothing under a hold is deleted, whatever the policy says. */
export function registerHold(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  const hold = program.command('hold').description('legal holds: keep records whatever the policy says');
  hold
    .command('add')
    .description('place a hold on one record, all records of a subject, or a whole category')
    .option('--subject <id>', 'hold every record of this data subject')
    .option('--record <id>', 'hold this record')
    .option('--category <name>', 'hold every record of this category')
    .requiredOption('--reason <text>', 'why (kept in the store, not in the audit log)')
    .option('--until <date>', 'last day the hold applies (default: until released)')
    .option('--by <name>', "who places the hold (required; the audit entry's actor)")
    .option('--policy <file>', 'policy whose timezone says what "today" is (default: the config\'s policy; else UTC)')
    .option('--db <file>', "store (default: the config's store)")
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<HoldFlags>();
      const [scope, ...others] = (['subject', 'record', 'category'] as const).flatMap((s) =>
        flags[s] === undefined ? [] : [{ scope: s, ref: flags[s] }],
      );
      if (scope === undefined || others.length > 0) {
        throw usageError('usage.conflicting-flags', 'give exactly one of --subject ID, --record ID or --category NAME', {
          flags: ['--subject', '--record', '--category'],
        });
      }
      const reason = requiredText('--reason', flags.reason, 'say why the hold is placed (kept in the store, not in the audit log)');
      const by = parseByFlag(flags.by, 'places the hold');
      const until = flags.until === undefined ? null : parseDateFlag('--until', flags.until);
      const config = await resolveConfig(flags, ctx);
      const policy = flags.policy || config?.policy ? (await resolvePolicy(flags, ctx, config)).policy : null;
      const today = todayIn(policy?.timezone ?? 'UTC', ctx.now());
      const isManual = manualTargetTest(config);
      const placed = await withStore(flags, ctx, config, 'write', (store) =>
        placeHold(store, { ...scope, reason, until }, by, { today, policy, isManual }),
      );
      await ctx.out.write(`${[reachLine(placed.hold, placed.reach), ...placed.onWorklist.map(worklistLine)].join('\n')}\n`);
      setExit(EXIT.ok);
    });
  hold
    .command('release')
    .description('release a hold; the records it kept are decided by the policy again')
    .argument('<hold-id>', 'e.g. H-3')
    .requiredOption('--reason <text>', 'why the hold ends (kept in the store, not in the audit log)')
    .option('--by <name>', "who releases the hold (required; the audit entry's actor)")
    .option('--db <file>', "store (default: the config's store)")
    .action(async (id: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<HoldFlags>();
      const reason = requiredText('--reason', flags.reason, 'say why the hold ends (kept in the store, not in the audit log)');
      const by = parseByFlag(flags.by, 'releases the hold');
      const config = await resolveConfig(flags, ctx);
      await withStore(flags, ctx, config, 'write', (store) => store.releaseHold(id, reason, { actor: by }));
      setExit(EXIT.ok);
    });
  hold
    .command('list')
    .description('list holds (active ones unless --all)')
    .option('--all', 'include released holds')
    .option('--format <format>', 'table or json', 'table')
    .option('--db <file>', "store (default: the config's store)")
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<HoldFlags>();
      const format = parseChoice('--format', flags.format ?? 'table', ['table', 'json'] as const);
      const config = await resolveConfig(flags, ctx);
      const holds = await withStore(flags, ctx, config, 'read', (store) => store.listHolds({ includeReleased: Boolean(flags.all) }));
      if (format === 'json') {
        await ctx.out.write(`${JSON.stringify(holds, null, 2)}\n`);
      } else {
        const plain = ctx.out.colour.level === 0;
        const table = new Table({
          head: ['hold', 'on', 'reason', 'until', 'placed', 'by', 'released'],
          style: plain ? { head: [], border: [] } : {},
        });
        for (const h of holds) {
          const released = h.releasedAt ? `${h.releasedAt.slice(0, 10)} by ${h.releasedBy}: ${h.releaseReason ?? ''}` : '';
          table.push([h.id, `${h.scope} ${h.ref}`, h.reason, h.until ?? '—', h.createdAt.slice(0, 10), h.createdBy, released].map(visible));
        }
        await ctx.out.write(holds.length > 0 ? `${table.toString()}\n` : 'No holds.\n');
      }
      setExit(EXIT.ok);
    });
  return hold;
}

/** "H-4 holds 2 records now", or why it holds none. */
/** A held record a person may be about to destroy: they must hear of the hold before the next run. */
function worklistLine(line: HeldOnWorklist): string {
  return `  ${line.record} is on the destruction worklist since ${line.since} (run ${line.run}): tell whoever has the list NOT to destroy it; the next apply takes it off`;
}

function reachLine(hold: Hold, reach: HoldReach): string {
  if (reach.why === null) return `${hold.id} holds ${countOf(reach.count, 'record')} now`;
  if (reach.why === 'expired') return `${hold.id} holds 0 records now: its --until ${hold.until} is already past`;
  if (reach.why === 'deleted') {
    const { deletedAt, run } = reach.tombstone;
    return (
      `${hold.id} holds 0 live records now: "${visible(hold.ref)}" was deleted on ${deletedAt}${run === null ? '' : ` by run ${visible(run)}`}` +
      ' — the hold keeps it if it is found back in its target (a restored backup; "retention plan" shows it as reappeared)'
    );
  }
  const what = hold.scope === 'record' ? `"${visible(hold.ref)}"` : `of ${hold.scope} "${visible(hold.ref)}"`;
  return `${hold.id} holds 0 records now: no live record ${what} in the store${reach.guess ? ` — did you mean "${visible(reach.guess)}"?` : ''}`;
}
