import { DateTime } from 'luxon';
import { usageError } from '../errors.js';

/** Today's calendar date in the policy's timezone: the default `--as-of`, and the only read of the clock. */
export function todayIn(zone: string, now: Date): string {
  return DateTime.fromJSDate(now).setZone(zone).toISODate()!;
}

/**
 * Commands that delete or authorise deletions never decide as of a date after today
 * (DESIGN §6): records still inside their retention period would go. A dry-run plan may.
 */
export function refuseFutureAsOf(asOf: string, today: string, zone: string, command: string): void {
  if (asOf <= today) return;
  throw usageError(
    `--as-of ${asOf} is after today (${today} in ${zone}): ${command} never works as of a future date, which would delete records still inside their retention period. Nothing was changed.\n` +
      `  hint: to look ahead, run "retention plan --as-of ${asOf}" without --out (a dry run)`,
  );
}
