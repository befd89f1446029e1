import type { Command } from 'commander';
import Table from 'cli-table3';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import { parseDateFlag } from '../options.js';
import { resolveConfig, type SourceFlags } from '../sources.js';
import { actorOf, withStore } from '../store-access.js';
import type { HoldScope } from '../../engine/types.js';

interface HoldFlags extends SourceFlags {
  subject?: string;
  record?: string;
  category?: string;
  reason?: string;
  until?: string;
  all?: boolean;
  format?: string;
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
    .option('--db <file>', 'store (default: the config\'s store)')
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<HoldFlags>();
      const scopes = (['subject', 'record', 'category'] as const).filter((s) => flags[s] !== undefined);
      if (scopes.length !== 1) throw usageError('give exactly one of --subject ID, --record ID or --category NAME');
      const scope: HoldScope = scopes[0]!;
      if (!flags.reason?.trim()) throw usageError('--reason must say why the hold is placed');
      const until = flags.until === undefined ? null : parseDateFlag('--until', flags.until);
      const config = await resolveConfig(flags, ctx);
      const placed = await withStore(flags, ctx, config, 'write', (store) =>
        store.addHold({ scope, ref: flags[scope]!, reason: flags.reason!, until }, actorOf(config)),
      );
      await ctx.out.write(`${placed.id}\n`);
      setExit(EXIT.ok);
    });
  hold
    .command('release')
    .description('release a hold; the records it kept are decided by the policy again')
    .argument('<hold-id>', 'e.g. H-3')
    .requiredOption('--reason <text>', 'why the hold ends')
    .option('--db <file>', 'store (default: the config\'s store)')
    .action(async (id: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<HoldFlags>();
      if (!flags.reason?.trim()) throw usageError('--reason must say why the hold is released');
      const config = await resolveConfig(flags, ctx);
      await withStore(flags, ctx, config, 'write', (store) => store.releaseHold(id, flags.reason!, actorOf(config)));
      setExit(EXIT.ok);
    });
  hold
    .command('list')
    .description('list holds (active ones unless --all)')
    .option('--all', 'include released holds')
    .option('--format <format>', 'table or json', 'table')
    .option('--db <file>', 'store (default: the config\'s store)')
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<HoldFlags>();
      const config = await resolveConfig(flags, ctx);
      const holds = await withStore(flags, ctx, config, 'read', (store) => store.listHolds({ includeReleased: Boolean(flags.all) }));
      if (flags.format === 'json') {
        await ctx.out.write(`${JSON.stringify(holds, null, 2)}\n`);
      } else {
        const plain = ctx.out.colour.level === 0;
        const table = new Table({ head: ['hold', 'on', 'reason', 'until', 'placed', 'by', 'released'], style: plain ? { head: [], border: [] } : {} });
        for (const h of holds) {
          table.push([h.id, `${h.scope} ${h.ref}`, h.reason, h.until ?? '—', h.createdAt.slice(0, 10), h.createdBy, h.releasedAt ? `${h.releasedAt.slice(0, 10)} by ${h.releasedBy}` : '']);
        }
        await ctx.out.write(holds.length > 0 ? `${table.toString()}\n` : 'No holds.\n');
      }
      setExit(EXIT.ok);
    });
  return hold;
}
