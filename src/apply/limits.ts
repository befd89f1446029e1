import { RetentionError } from '../errors.js';
import { countOf } from '../plural.js';

/** One safety limit and where it was set, so that a refusal can say which setting to look at. */
export interface Limit {
  value: number;
  /** e.g. `--max-percent` or `limits.maxPercent in retention.config.yaml`. */
  setBy: string;
}

export interface SafetyLimits {
  /** Most deletions one run may carry out; a bigger plan is refused whole. */
  maxDeletions: Limit | null;
  /** Most deletions as a percentage of the live records in the store. */
  maxPercent: Limit | null;
}

/**
 * Refuses the whole run (exit 3, nothing changed) when the planned deletions exceed a limit,
 * saying by how much and which setting refused, so a wrong policy or a bad import cannot wipe
 * the store in one night.
 */
export function checkLimits(planned: number, liveRecords: number, limits: SafetyLimits): void {
  const refusals: { text: string; limit: Limit; flag: string }[] = [];
  const { maxDeletions, maxPercent } = limits;
  if (maxDeletions !== null && planned > maxDeletions.value) {
    const over = planned - maxDeletions.value;
    refusals.push({ text: `${countOf(planned, 'deletion')} planned, the limit is ${maxDeletions.value} (${over} over)`, limit: maxDeletions, flag: '--max-deletions' });
  }
  if (maxPercent !== null && liveRecords > 0) {
    const percent = (planned / liveRecords) * 100;
    if (percent > maxPercent.value) {
      refusals.push({ text: `${planned} of ${countOf(liveRecords, 'live record')} is ${percent.toFixed(1)}%, the limit is ${maxPercent.value}%`, limit: maxPercent, flag: '--max-percent' });
    }
  }
  if (refusals.length === 0) return;
  const raise = refusals.map((r) => (r.limit.setBy === r.flag ? `a higher ${r.flag} N` : `${r.flag} N (it wins over ${r.limit.setBy})`));
  throw new RetentionError(
    'safety-limit',
    `safety limit: the run was refused and nothing was deleted: ${refusals.map((r) => `${r.text}, set by ${r.limit.setBy}`).join('; ')}.\n` +
      `  hint: check the plan ("retention plan --status due"); if it is right, allow this run with ${raise.join(' and ')}`,
  );
}
