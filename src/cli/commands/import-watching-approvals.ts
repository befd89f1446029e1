import type { CommandContext } from '../main.js';
import type { CompiledPolicy, InventoryRecord } from '../../engine/types.js';
import type { ImportCounts, ImportOptions } from '../../store/inventory.js';
import type { AuditContext } from '../../store/audit-context.js';
import type { Store } from '../../store/types.js';
import { ApprovedRecordsWatch } from '../../apply/approved-records-watch.js';
import { todayIn } from '../clock.js';

/**
 * `inventory import` and `scan --import`: imports the batches, then warns about each record of a
 * still-valid approved plan that the import changed, which `apply` will no longer carry out.
 * Also with --quiet: an approval just lost is not the news of a successful import.
 */
export async function importWatchingApprovals(
  store: Store,
  batches: AsyncIterable<InventoryRecord[]>,
  by: AuditContext & { policySha256: string },
  source: { name: string; options?: ImportOptions; policy: CompiledPolicy },
  ctx: CommandContext,
): Promise<ImportCounts> {
  const approved = await ApprovedRecordsWatch.of(store, {
    policySha256: by.policySha256,
    today: todayIn(source.policy.timezone, ctx.now()),
  });
  const counts = await store.importRecords(approved.watch(batches), by, source.options);
  for (const c of approved.changed) ctx.out.error(`warning: ${source.name}: record ${c.id}: ${c.reason} — apply will not carry it out`);
  return counts;
}
