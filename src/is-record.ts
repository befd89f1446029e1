/** A plain object (not null, not an array): how untrusted parsed YAML or JSON is read safely. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
