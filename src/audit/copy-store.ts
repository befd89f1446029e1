/**
 * `retention store copy` (DESIGN §10): a store moved to another place, of either kind, entry
 * for entry, and proven there before anything of it is kept: the destination's audit chain is
 * verified against the source's head, inside the making of the destination, so a copy that does
 * not verify leaves nothing behind. The destination must be new (a path where no file is, an
 * empty database).
 */
import { verifyChain } from './verify.js';
import { RetentionError } from '../errors.js';
import { createStore } from '../store/index.js';
import type { AuditHead, CopyCounts, CreateStoreOptions, Store } from '../store/types.js';

export interface CopyReport {
  counts: CopyCounts;
  /** The destination's head, verified; the source's as the copy began, or later if the source was written meanwhile. */
  head: AuditHead | null;
}

export async function copyStore(source: Store, to: string, options: CreateStoreOptions = {}): Promise<CopyReport> {
  // Read before the copy's snapshot is taken: the copy holds at least this entry, hash for hash.
  const sourceHead = await source.auditHead();
  return createStore(
    to,
    async (destination) => {
      const counts = await destination.copyIn(source.copyOut());
      const head = await destination.auditHead();
      const verdict = await verifyChain(destination.auditEntries(), sourceHead === null ? {} : { head: sourceHead });
      const problems = [
        ...(await destination.integrityCheck()),
        ...(verdict.firstBad ? [`entry ${verdict.firstBad.seq}: ${verdict.firstBad.problem}`] : []),
      ];
      if (problems.length > 0 || (sourceHead !== null && !verdict.headMatched)) {
        throw new RetentionError(
          'store.damaged',
          `the copy at ${to} does not verify (${problems.join('; ') || "the source's head is not in it"}), so nothing was kept there; check the source with "retention audit verify"`,
        );
      }
      return { counts, head };
    },
    options,
  );
}
