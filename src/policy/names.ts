/**
 * The event and flag names a policy uses. An event a store records must be one of them or
 * well known (DESIGN §2): anything else is most likely a typo that would be recorded and then
 * silently ignored (`erasure_requestd`), so `event add` refuses it and `validate` warns about
 * near misses. Only the flags a policy names are booleans in a CSV inventory.
 */
import type { CompiledPolicy } from '../engine/types.js';
import { usageError } from '../errors.js';
import { isIdentifier, WELL_KNOWN_EVENTS } from '../vocabulary.js';
import { closestWord } from '../yaml/did-you-mean.js';

/** Every event a rule of `policy` reads: retention triggers, `erase_on`, `review.from`. */
export function policyEventNames(policy: CompiledPolicy): Set<string> {
  const names = new Set<string>();
  for (const rule of policy.rules) {
    if (rule.retain.kind === 'after-event') names.add(rule.retain.event);
    for (const event of rule.eraseOn) names.add(event);
    for (const event of rule.review?.from ?? []) names.add(event);
  }
  return names;
}

/** The `hold_while` flags a policy names: only those columns of a CSV inventory are booleans. */
export function flagNamesOf(policy: CompiledPolicy): Set<string> {
  return new Set(policy.rules.flatMap((r) => r.holdWhile));
}

/**
 * Refuses to record event `name` unless it is a plain identifier that a rule of `policy` uses
 * or that is well known. Without a policy at hand, only the well-known names are accepted.
 * @throws RetentionError `event.bad-name` or `event.unknown-name` (with a did-you-mean).
 */
export function checkEventToRecord(name: string, policy: CompiledPolicy | null): void {
  if (!isIdentifier(name)) {
    throw usageError('event.bad-name', `event name "${name}" is not a plain identifier (letters, digits, _), e.g. service_ended`, { event: name });
  }
  const used = policy === null ? new Set<string>() : policyEventNames(policy);
  if (used.has(name) || WELL_KNOWN_EVENTS.includes(name)) return;
  const known = [...new Set([...used, ...WELL_KNOWN_EVENTS])].sort();
  const guess = closestWord(name, known);
  const where = policy === null ? 'no policy is at hand (give --policy FILE or set "policy:" in the config)' : 'no rule of the policy uses it';
  throw usageError(
    'event.unknown-name',
    `unknown event "${name}": ${where} and it is not a well-known event; nothing was recorded` +
      `\n  hint: ${guess ? `did you mean "${guess}"? ` : ''}known events: ${known.join(', ')}`,
    { event: name, guess, known },
  );
}
