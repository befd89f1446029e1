import { RetentionError } from '../errors.js';
import { countOf } from '../plural.js';

export interface SafetyLimits {
  /** Most deletions one run may carry out; a bigger plan is refused whole. */
  maxDeletions: number | null;
  /** Most deletions as a percentage of the live records in the store. */
  maxPercent: number | null;
}

/**
 * Refuses the whole run (exit 3, nothing changed) when the planned deletions exceed a limit,
 * saying by how much, so a wrong policy or a bad import cannot wipe the store in one night.
 */
export function checkLimits(planned: number, liveRecords: number, limits: SafetyLimits): void {
  const refusals: string[] = [];
  if (limits.maxDeletions !== null && planned > limits.maxDeletions) {
    refusals.push(`${countOf(planned, 'deletion')} planned, the limit is ${limits.maxDeletions} (${planned - limits.maxDeletions} over)`);
  }
  if (limits.maxPercent !== null && liveRecords > 0) {
    const percent = (planned / liveRecords) * 100;
    if (percent > limits.maxPercent) {
      refusals.push(`${planned} of ${countOf(liveRecords, 'live record')} is ${percent.toFixed(1)}%, the limit is ${limits.maxPercent}%`);
    }
  }
  if (refusals.length > 0) {
    throw new RetentionError(
      'safety-limit',
      `safety limit: the run was refused and nothing was deleted: ${refusals.join('; ')}.\n  hint: check the plan ("retention plan --status due"); if it is right, raise --max-deletions or the config's limits for this run`,
    );
  }
}
