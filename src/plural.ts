/**
 * Counts in user-facing messages: "1 record", "3 records", "0 records". Every count a person
 * reads goes through here, so no message says "1 records".
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
