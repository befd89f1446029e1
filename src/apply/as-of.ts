import { refusal } from '../errors.js';

/**
 * Commands that delete or authorise deletions never decide as of a date after today
 * (DESIGN §6): records still inside their retention period would go. A dry-run plan may.
 * @throws RetentionError `as-of.after-today` with `{ asOf, today, zone }`.
 */
export function refuseFutureAsOf(asOf: string, today: string, zone: string, command: string): void {
  if (asOf <= today) return;
  throw refusal(
    'as-of.after-today',
    `--as-of ${asOf} is after today (${today} in ${zone}): ${command} never works as of a future date, which would delete records still inside their retention period. Nothing was changed.\n` +
      `  hint: to look ahead, run "retention plan --as-of ${asOf}" without --out (a dry run)`,
    { asOf, today, zone },
  );
}
