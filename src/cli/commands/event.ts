import type { Command } from 'commander';
import Table from 'cli-table3';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import { addEvent, type EventReach } from '../../events/add-event.js';
import type { RecordedEvent } from '../../store/types.js';
import { parseByFlag, parseChoice, parseFactDateFlag, requiredText } from '../options.js';
import { resolveConfig, resolvePolicy, type SourceFlags } from '../sources.js';
import { actorOf, withStore } from '../store-access.js';
import { visible } from '../render/visible.js';
import { eventFileName, readEventFile } from '../../events/event-file.js';
import { importEvents, type EventImportCounts } from '../../events/import-events.js';
import { countOf } from '../../plural.js';

interface EventFlags extends SourceFlags {
  subject?: string;
  record?: string;
  date: string;
  by?: string;
  reason?: string;
  format: string;
}

/** `retention event add | list | remove`: the event history, the store's own dated facts. */
export function registerEvent(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  const event = program
    .command('event')
    .description('record dated facts (service_ended, consent_withdrawn, erasure_requested, ...): a history, never overwritten');
  event
    .command('add')
    .description('record that EVENT happened on DATE, for one subject (all their records) or one record; an earlier date is kept beside it')
    .argument('<event>', 'event name, e.g. service_ended')
    .option('--subject <id>', 'the data subject the event is about')
    .option('--record <id>', "the record the event is about (wins over the subject's event of the same name)")
    .requiredOption('--date <date>', 'when it happened (YYYY-MM-DD)')
    .option('--by <name>', "who records it (required; the audit entry's actor)")
    .option('--policy <file>', "policy whose rules name the events (default: the config's policy)")
    .option('--db <file>', "store (default: the config's store)")
    .action(async (name: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<EventFlags>();
      const scope = scopeOf(flags);
      const date = parseFactDateFlag('--date', flags.date);
      const by = parseByFlag(flags.by, 'records the event');
      const config = await resolveConfig(flags, ctx);
      const policy = flags.policy || config?.policy ? (await resolvePolicy(flags, ctx, config)).policy : null;
      const { added, reach } = await withStore(flags, ctx, config, 'write', (store) =>
        addEvent(store, { ...scope, event: name, date }, by, policy),
      );
      await ctx.out.write(`${added.id}\n`);
      if (reach !== null) ctx.out.error(`warning: ${reachText(added, reach)}`);
      setExit(EXIT.ok);
    });
  event
    .command('import')
    .description(
      'add the dated facts of a CSV exported from the case-management system (header subject,event,date or record,event,date); rows already recorded are recognised and not added twice',
    )
    .argument('<file>', 'the CSV file, or - to read standard input')
    .option('--by <name>', "who records them (the audit entries' actor; default: the config's actor, else your user name)")
    .option('--policy <file>', "policy whose rules name the events (default: the config's policy)")
    .option('--db <file>', "store (default: the config's store)")
    .option('--quiet', 'print nothing on success')
    .action(async (file: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<EventFlags & { quiet?: boolean }>();
      const by = flags.by === undefined ? undefined : parseByFlag(flags.by, 'records the events');
      const config = await resolveConfig(flags, ctx);
      const policy = flags.policy || config?.policy ? (await resolvePolicy(flags, ctx, config)).policy : null;
      const rows = await readEventFile(file, ctx, policy);
      const name = eventFileName(file);
      const counts = await withStore(flags, ctx, config, 'write', (store) =>
        importEvents(store, name, rows, { actor: by ?? actorOf(config) }),
      );
      if (!flags.quiet) ctx.out.error(`${name}: ${eventImportSummary(counts)}`);
      setExit(EXIT.ok);
    });
  event
    .command('list')
    .description("the event history: every recorded date, removed ones marked (for a record: its own events and its subject's)")
    .option('--subject <id>', "only this subject's events")
    .option('--record <id>', 'only the events that apply to this record')
    .option('--format <format>', 'table or json', 'table')
    .option('--db <file>', "store (default: the config's store)")
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<EventFlags>();
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      if (flags.subject !== undefined && flags.record !== undefined) {
        throw usageError('usage.conflicting-flags', 'give at most one of --subject ID or --record ID', {
          flags: ['--subject', '--record'],
        });
      }
      const config = await resolveConfig(flags, ctx);
      const filter = flags.record !== undefined ? { record: flags.record } : flags.subject !== undefined ? { subject: flags.subject } : {};
      const events = await withStore(flags, ctx, config, 'read', (store) => store.listEvents(filter));
      await ctx.out.write(format === 'json' ? `${JSON.stringify(events, null, 2)}\n` : eventTable(events, ctx.out.colour.level === 0));
      setExit(EXIT.ok);
    });
  event
    .command('remove')
    .description('remove a recorded event (entered by mistake): it no longer counts, and stays in the history as removed')
    .argument('<event-id>', 'e.g. E-3 (see "retention event list")')
    .option('--by <name>', "who removes it (required; the audit entry's actor)")
    .option('--reason <text>', 'why (required; kept in the store, not in the audit log)')
    .option('--db <file>', "store (default: the config's store)")
    .action(async (id: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<EventFlags>();
      const by = parseByFlag(flags.by, 'removes the event');
      const reason = requiredText('--reason', flags.reason, 'say why the event is removed (kept in the store, not in the audit log)');
      const config = await resolveConfig(flags, ctx);
      await withStore(flags, ctx, config, 'write', (store) => store.removeEvent(id, reason, { actor: by }));
      setExit(EXIT.ok);
    });
  return event;
}

/** Why a subject's date changes nothing today; it is recorded all the same. */
function reachText(added: RecordedEvent, reach: EventReach): string {
  const what = `${added.id} (${added.event} ${added.date} for subject ${added.ref})`;
  if (reach.kind === 'no-live-record') {
    return `${what} is recorded, but there is no live record of subject ${added.ref} in the store: it changes nothing until records of that subject are imported — check the subject id (an erasure request is listed by the plan all the same, until its deadline)`;
  }
  const records =
    reach.count === reach.of
      ? reach.of === 1
        ? 'the only record'
        : `all ${reach.of} records`
      : `${reach.count} of ${countOf(reach.of, 'record')}`;
  return `${what} is recorded, but ${records} of subject ${added.ref} ${reach.count === 1 ? 'has its' : 'have their'} own ${added.event} date, which wins over the subject's`;
}

function scopeOf(flags: EventFlags): { scope: 'subject' | 'record'; ref: string } {
  if (flags.subject !== undefined && flags.record === undefined) return { scope: 'subject', ref: flags.subject };
  if (flags.record !== undefined && flags.subject === undefined) return { scope: 'record', ref: flags.record };
  throw usageError('usage.conflicting-flags', 'give exactly one of --subject ID or --record ID', { flags: ['--subject', '--record'] });
}

/** Who added a date, and how: a date an import no longer listed was kept by that import. */
function addedText(e: RecordedEvent): string {
  const on = e.addedAt.slice(0, 10);
  return e.source === 'import' ? `${on}, kept when an import by ${e.addedBy} no longer listed it` : `${on} by ${e.addedBy}`;
}

function eventImportSummary(c: EventImportCounts): string {
  const parts = [`${c.added} new`, `${c.alreadyRecorded} already recorded`];
  if (c.removedBefore > 0)
    parts.push(`${c.removedBefore} removed before by a person and not added again ("retention event list" shows why)`);
  return `${countOf(c.rows, 'row')}: ${parts.join(', ')}`;
}

function eventTable(events: readonly RecordedEvent[], plain: boolean): string {
  if (events.length === 0) return 'No recorded events.\n';
  const table = new Table({ head: ['event', 'on', 'name', 'date', 'added', 'removed'], style: plain ? { head: [], border: [] } : {} });
  for (const e of events) {
    const removed = e.removedAt === null ? '' : `${e.removedAt.slice(0, 10)} by ${e.removedBy}: ${e.removeReason}`;
    table.push([e.id, `${e.scope} ${e.ref}`, e.event, e.date, addedText(e), removed].map(visible));
  }
  return `${table.toString()}\n`;
}
