/**
 * Safe reading of a policy document that may not match the schema yet: the semantic checks
 * and the error messages run on invalid files too, so they must not trust any shape.
 */
import { isRecord } from '../is-record.js';

/** The rules that are at least mappings, with their index in `rules:`. */
export function rulesOf(data: unknown): { rule: Record<string, unknown>; index: number }[] {
  const rules = isRecord(data) ? data.rules : undefined;
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule: unknown, index) => (isRecord(rule) ? [{ rule, index }] : []));
}

/** How messages name a rule: `rule "care-records"`, or `rule #2` (1-based) when it has no usable id. */
export function ruleName(data: unknown, index: number): string {
  const rules = isRecord(data) && Array.isArray(data.rules) ? data.rules : [];
  const rule: unknown = rules[index];
  const id = isRecord(rule) ? rule.id : undefined;
  return typeof id === 'string' && id !== '' ? `rule "${id}"` : `rule #${index + 1}`;
}
