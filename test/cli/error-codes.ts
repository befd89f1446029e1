/**
 * The codes of the errors and problems a command printed (`… [plan.edited]`), in order: tests
 * assert which refusal happened by its code, never by its English (issue 9.2).
 */
const CODE = /\[([a-z]+(?:[.-][a-z]+)*\.[a-z-]+)\]$/gm;

export function errorCodes(stderr: string): string[] {
  return [...stderr.matchAll(CODE)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}
