import { DateTime } from 'luxon';

/** Today's calendar date in the policy's timezone: the default `--as-of`, and the only read of the clock. */
export function todayIn(zone: string, now: Date): string {
  return DateTime.fromJSDate(now).setZone(zone).toISODate()!;
}
