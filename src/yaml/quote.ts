/** A value as messages about a file quote it: `"6 years"`, `2`, `null`, or `nothing` when absent. */
export function quote(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
