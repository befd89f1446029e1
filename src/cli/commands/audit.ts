import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../../errors.js';
import { certifyRun } from '../../audit/certify.js';
import { certificateCsv } from '../render/certificate/csv.js';
import { certificateHtml } from '../render/certificate/html.js';
import { writeAuditExport } from '../../audit/export.js';
import type { AuditEntry } from '../../audit-entry.js';
import { parseChoice } from '../options.js';
import { resolveConfig, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';
import { auditFilterFrom, type AuditFilterFlags } from '../audit-filter.js';
import { writeAuditTables } from '../audit-table.js';
import { savedHeadFrom } from '../audit-head.js';
import { EMPTY_LOG_HEAD, formatHead } from '../../audit/head.js';
import { damagedStoreVerdict, verified, verifyStore } from '../../audit/verify-store.js';
import { verdictReport } from '../render/verdict.js';
import type { Store } from '../../store/types.js';

interface AuditFlags extends SourceFlags, AuditFilterFlags {
  format: string;
  head?: string;
  headFile?: string;
}

const DB_HELP = "store (default: the config's store, else ./retention.db)";

/** DESIGN §7: a chain that does not verify exits 1, like an action that failed. */
const NOT_VERIFIED = EXIT.someFailed;

/** `retention audit list|export|verify|head|certificate`: read and check the tamper-evident log. Never writes to it. */
export function registerAudit(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  const audit = program.command('audit').description('read, export and verify the tamper-evident audit log');
  // Reading commands: a missing store is a usage error, never a new empty file.
  const readStore = <T>(flags: AuditFlags, fn: (store: Store) => Promise<T>) =>
    resolveConfig(flags, ctx).then((config) => withStore(flags, ctx, config, 'read', fn));

  audit
    .command('list')
    .description('list audit entries, oldest first')
    .option('--record <id>', 'only entries about this record')
    .option('--subject <id>', 'only entries about this data subject')
    .option('--run <id>', 'only entries of this run')
    .option('--since <date>', 'only entries at or after this date (UTC) or timestamp')
    .option('--action <name>', 'only entries of this action')
    .option('--format <format>', 'table or json', 'table')
    .option('--db <file>', DB_HELP)
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<AuditFlags>();
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      const filter = auditFilterFrom(flags);
      await readStore(flags, async (store) => {
        if (format === 'json') return writeJsonArray(store.auditEntries(filter), ctx);
        await writeAuditTables(store.auditEntries(filter), (text) => ctx.out.write(text), ctx.out.colour);
      });
      setExit(EXIT.ok);
    });

  audit
    .command('export')
    .description('write every entry with all its members to stdout, so anyone can re-check the chain')
    .option('--format <format>', 'jsonl (one canonical JSON entry per line) or csv', 'jsonl')
    .option('--db <file>', DB_HELP)
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<AuditFlags>();
      const format = parseChoice('--format', flags.format, ['jsonl', 'csv'] as const);
      await readStore(flags, (store) => writeAuditExport(store.auditEntries(), format, (chunk) => ctx.out.write(chunk)));
      setExit(EXIT.ok);
    });

  audit
    .command('verify')
    .description('recompute the hash chain and check the store file; exit 1 names the first entry that does not match')
    .option('--head <seq-hash>', 'a head saved earlier by "audit head" (SEQ HASH or SEQ:HASH): proves no tail was rewritten')
    .option('--head-file <file>', 'the same, read from a file')
    .option('--db <file>', DB_HELP)
    .addHelpText(
      'after',
      '\nExit status of verify: 0 the log verifies; 1 it does not, or the store file is damaged (stderr names the first entry that does not match, or the damage, and why); 2 bad usage, no store, or not a store.',
    )
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<AuditFlags>();
      const savedHead = await savedHeadFrom(flags, ctx.cwd);
      const verdict = await readStore(flags, (store) => verifyStore(store, savedHead)).catch(damagedStoreVerdict);
      const report = verdictReport(verdict, savedHead);
      if (report.stderr) ctx.out.error(report.stderr);
      if (!verified(verdict)) return setExit(NOT_VERIFIED);
      await ctx.out.write(report.stdout);
      setExit(EXIT.ok);
    });

  audit
    .command('head')
    .description("print the last entry's SEQ HASH (an empty log: 0 and 64 zeros); keep it where the tool cannot write")
    .option('--format <format>', 'text (SEQ HASH) or json', 'text')
    .option('--db <file>', DB_HELP)
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<AuditFlags>();
      const format = parseChoice('--format', flags.format, ['text', 'json'] as const);
      const head = (await readStore(flags, (store) => store.auditHead())) ?? EMPTY_LOG_HEAD;
      await ctx.out.write(`${format === 'json' ? JSON.stringify({ seq: head.seq, hash: head.hash }) : formatHead(head)}\n`);
      setExit(EXIT.ok);
    });
  audit
    .command('certificate')
    .description(
      'a destruction certificate for one run: what was destroyed, under which rule and approval, by whom, how, with entry hashes and the chain head',
    )
    .requiredOption('--run <id>', 'the run to certify (see "retention audit list --action run-end")')
    .option('--format <format>', 'html or csv', 'html')
    .option('--db <file>', DB_HELP)
    .addHelpText(
      'after',
      '\nExit status of certificate: 0 written, and the chain verifies; 1 written, but the chain does NOT verify (stderr says so); 2 bad usage, no such run, no store.',
    )
    .action(async (_opts, command: Command) => {
      const flags = command.optsWithGlobals<AuditFlags & { run: string }>();
      const format = parseChoice('--format', flags.format, ['html', 'csv'] as const);
      const certificate = await readStore(flags, (store) => certifyRun(store, flags.run));
      await ctx.out.write(format === 'csv' ? certificateCsv(certificate) : certificateHtml(certificate, ctx.now().toISOString()));
      // A certificate is only as good as the chain it cites: a file saved without this warning still says so (chain_verified, "did NOT verify").
      if (certificate.chainVerified) return setExit(EXIT.ok);
      ctx.out.error(
        'warning: the audit chain did NOT verify, so this certificate proves nothing — "retention audit verify" names the entry that does not match',
      );
      setExit(NOT_VERIFIED);
    });
  return audit;
}

/** A JSON array written entry by entry, so a long log never sits in memory whole. */
async function writeJsonArray(entries: AsyncIterable<AuditEntry>, ctx: CommandContext): Promise<void> {
  let separator = '[\n';
  for await (const entry of entries) {
    await ctx.out.write(`${separator}  ${JSON.stringify(entry)}`);
    separator = ',\n';
  }
  await ctx.out.write(separator === '[\n' ? '[]\n' : '\n]\n');
}
