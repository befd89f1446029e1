import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT, formatProblem, usageError } from '../../errors.js';
import { decide } from '../../engine/decide.js';
import { HoldIndex } from '../../planner/hold-index.js';
import { parseChoice, parseDateFlag } from '../options.js';
import { resolveConfig, resolvePolicy, resolveRecords, type SourceFlags } from '../sources.js';
import { todayIn } from '../clock.js';
import { explainJson, explainText } from '../render/explain.js';
import { accountForEvents } from '../render/explain-events.js';
import { deletedJson, deletedText, type DeletedRecord } from '../render/explain-deleted.js';
import type { Store } from '../../store/types.js';

interface ExplainFlags extends SourceFlags {
  asOf?: string;
  format: string;
}

export function registerExplain(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('explain')
    .description('say why one record is (or is not) due: every matching rule, its arithmetic, holds and precedence')
    .argument('<record-id>', 'the record to explain')
    .option('--policy <file>', 'policy file (default: the config\'s policy)')
    .option('--inventory <file>', 'inventory file: CSV, JSON array or JSON Lines; - reads standard input')
    .option('--db <file>', 'store to read the record and holds from (default: the config\'s store)')
    .option('--as-of <date>', 'the date to decide as of (default: today in the policy\'s timezone)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (recordId: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<ExplainFlags>();
      const format = parseChoice('--format', flags.format, ['text', 'json'] as const);
      const config = await resolveConfig(flags, ctx);
      const { policy, warnings } = await resolvePolicy(flags, ctx, config);
      for (const w of warnings) ctx.out.error(formatProblem(w));
      const asOf = flags.asOf ? parseDateFlag('--as-of', flags.asOf) : todayIn(policy.timezone, ctx.now());
      const records = await resolveRecords(flags, ctx, config, policy);
      try {
        const facts = await records.find(recordId);
        if (!facts) {
          const deleted = records.store ? await deletedRecord(records.store, recordId) : null;
          if (!deleted) throw usageError(`no record "${recordId}" in ${flags.inventory ?? 'the store'} — check the id (ids are case-sensitive)`);
          await ctx.out.write(format === 'json' ? `${JSON.stringify(deletedJson(deleted), null, 2)}\n` : deletedText(deleted, ctx.out.colour));
          setExit(EXIT.ok);
          return;
        }
        const decision = records.worklist.annotate(decide(policy, facts, new HoldIndex(records.holds).holdsFor(facts.record), asOf));
        const recorded = records.store ? await records.store.listEvents({ record: recordId }) : [];
        const events = accountForEvents({ facts, zone: policy.timezone, asOf }, recorded);
        await ctx.out.write(
          format === 'json'
            ? `${JSON.stringify(explainJson(facts, decision, asOf, events), null, 2)}\n`
            : explainText(facts, decision, policy, asOf, ctx.out.colour, events),
        );
      } finally {
        await records.close();
      }
      setExit(EXIT.ok);
    });
}

/** A record the store deleted (and that is not back in its target), with its audit history; null when the store never had it. */
async function deletedRecord(store: Store, id: string): Promise<DeletedRecord | null> {
  const [facts] = await store.deletedFacts([id]);
  if (facts === undefined || facts.tombstone === null) return null;
  const history = [];
  for await (const entry of store.auditEntries({ record: id })) history.push(entry);
  return { facts: { ...facts, tombstone: facts.tombstone }, history };
}
