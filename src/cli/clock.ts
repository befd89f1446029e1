import { DateTime } from 'luxon';

/** Today's calendar date in the policy's timezone: the default `--as-of`, and the only read of the clock. */
export function todayIn(zone: string, now: Date): string {
  const today = DateTime.fromJSDate(now).setZone(zone);
  // The zone was checked when the policy was loaded; an invalid one here is a bug.
  if (!today.isValid)
    throw new Error(`cannot tell today's date in time zone "${zone}": ${today.invalidExplanation ?? today.invalidReason} (this is a bug)`);
  return today.toISODate();
}
