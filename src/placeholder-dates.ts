/**
 * Dates that are not dates. Case-management systems write a placeholder where they hold no
 * date: SQL Server turns an empty string into 1900-01-01, .NET's DateTime.MinValue is
 * 0001-01-01, SQL Server's datetime starts at 1753-01-01, Excel's day zero is 1899-12-30.
 * Read as a real service end or creation date, each makes a record look overdue by a century,
 * and an approver skimming a long plan would delete it. No record this tool governs was made
 * or ended that early, so such a date is refused at the line it is on; the admin leaves the
 * cell empty (the event has not happened: the record is kept) or fixes it at the source.
 */

/** The earliest date accepted in an inventory or event feed: the day after SQL Server's empty date. */
export const EARLIEST_DATE = '1900-01-02';

export const PLACEHOLDER_DATE_HINT =
  'dates on or before 1900-01-01 are placeholders for "no date" (0001-01-01, 1753-01-01, 1899-12-30, 1900-01-01): leave the cell empty if it has not happened, or correct it in the source system';

/**
 * A timestamp's calendar date depends on the policy's zone, which this check does not know,
 * and the offsets in use on Earth move a day by at most one: 1900-01-02T01:00+05:00 is
 * 1900-01-01 in London. So a timestamp must fall a day later than a date to be believed.
 */
const EARLIEST_TIMESTAMP_DATE = '1900-01-03';

/**
 * True for valid date or timestamp text (`YYYY-MM-DD…`) that may be a placeholder: a date
 * before EARLIEST_DATE, or a timestamp whose day in some zone may be. Comparing the first ten
 * characters as text orders ISO dates correctly; refusing a timestamp that is a real date in
 * the policy's zone errs towards keeping.
 */
export function isPlaceholderDate(text: string): boolean {
  return text.slice(0, 10) < (text.length === 10 ? EARLIEST_DATE : EARLIEST_TIMESTAMP_DATE);
}

/** The message for a placeholder date: `label` names the field (`service_ended "1900-01-01" is …`). */
export function placeholderDateMessage(label: string, text: string): string {
  return `${label} ${JSON.stringify(text)} is a placeholder, not a real date`;
}
