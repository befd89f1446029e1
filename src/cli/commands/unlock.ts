import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { EXIT } from '../../errors.js';
import { parseByFlag } from '../options.js';
import { resolveConfig, type SourceFlags } from '../sources.js';
import { withStore } from '../store-access.js';
import { describeHolder, unlockRun } from '../../apply/unlock.js';

interface UnlockFlags extends SourceFlags {
  by?: string;
  force?: boolean;
}

/** `retention unlock RUN-ID --by NAME [--force]`: free a run lock that no run will take over. */
export function registerUnlock(program: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return program
    .command('unlock')
    .description('free the run lock a run left behind (its host renamed, its pid reused); refused while it runs on this host, logged')
    .argument('<run-id>', 'the run that holds the lock, as apply names it (exit 75)')
    .option('--by <name>', "who frees the lock (required; the audit entry's actor)")
    .option('--force', "free it even though a process with the holder's pid runs on this host (check it is not retention first)")
    .option('--db <file>', "store (default: the config's store)")
    .action(async (run: string, _opts, command: Command) => {
      const flags = command.optsWithGlobals<UnlockFlags>();
      const by = parseByFlag(flags.by, 'frees the lock');
      const config = await resolveConfig(flags, ctx);
      const { holder, holderAlive, pidReused } = await withStore(flags, ctx, config, 'write', (store) =>
        unlockRun(store, run, { actor: by }, Boolean(flags.force)),
      );
      const alive = holderAlive
        ? `; pid ${holder.pid} was running here: if it was retention after all, it no longer holds the lock`
        : pidReused
          ? `; pid ${holder.pid} now belongs to a process started after the lock was taken`
          : '';
      await ctx.out.write(`released the lock of run ${run} (${describeHolder(holder)})${alive}; the next run can start\n`);
      setExit(EXIT.ok);
    });
}
