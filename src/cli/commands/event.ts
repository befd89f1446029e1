import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, usageError } from '../../errors.js';
import { IDENTIFIER_PATTERN } from '../../policy/schema.js';
import { parseDateFlag } from '../options.js';
import { resolveConfig, type SourceFlags } from '../sources.js';
import { actorOf, withStore } from '../store-access.js';

interface EventFlags extends SourceFlags {
  subject?: string;
  record?: string;
  date: string;
}

/** `retention event add EVENT (--subject ID | --record ID) --date DATE`. */
export function registerEvent(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  const event = program.command('event').description('record dated facts (service_ended, consent_withdrawn, erasure_requested, ...)');
  event
    .command('add')
    .description('record that EVENT happened on DATE, for one subject (all their records) or one record')
    .argument('<event>', 'event name, e.g. service_ended')
    .option('--subject <id>', 'the data subject the event is about')
    .option('--record <id>', 'the record the event is about (wins over the subject\'s event of the same name)')
    .requiredOption('--date <date>', 'when it happened (YYYY-MM-DD)')
    .option('--db <file>', 'store (default: the config\'s store)')
    .action(async (name: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<EventFlags>();
      if (!new RegExp(IDENTIFIER_PATTERN).test(name)) throw usageError(`event name "${name}" is not a plain identifier (letters, digits, _), e.g. service_ended`);
      if (Boolean(flags.subject) === Boolean(flags.record)) throw usageError('give exactly one of --subject ID or --record ID');
      const date = parseDateFlag('--date', flags.date);
      const config = await resolveConfig(flags, ctx);
      await withStore(flags, ctx, config, 'write', (store) =>
        store.addEvent(
          { scope: flags.subject ? 'subject' : 'record', ref: (flags.subject ?? flags.record)!, event: name, date },
          { actor: actorOf(config) },
        ),
      );
      setExit(EXIT.ok);
    });
  return event;
}
