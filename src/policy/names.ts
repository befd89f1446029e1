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

/** Why event `name` may not be recorded, as data; null when it may. */
export interface EventNameProblem {
  readonly code: 'event.bad-name' | 'event.unknown-name';
  readonly message: string;
  readonly hint: string | null;
  readonly guess: string | null;
  readonly known: readonly string[];
}

/**
 * Whether event `name` may be recorded: a plain identifier that a rule of `policy` uses or that
 * is well known. Without a policy at hand, only the well-known names are accepted.
 */
export function eventNameProblem(name: string, policy: CompiledPolicy | null): EventNameProblem | null {
  if (!isIdentifier(name)) {
    return {
      code: 'event.bad-name',
      message: `event name "${name}" is not a plain identifier (letters, digits, _), e.g. service_ended`,
      hint: null,
      guess: null,
      known: [],
    };
  }
  const used = policy === null ? new Set<string>() : policyEventNames(policy);
  if (used.has(name) || WELL_KNOWN_EVENTS.includes(name)) return null;
  const known = [...new Set([...used, ...WELL_KNOWN_EVENTS])].sort();
  const guess = closestWord(name, known) ?? null;
  const where =
    policy === null ? 'no policy is at hand (give --policy FILE or set "policy:" in the config)' : 'no rule of the policy uses it';
  return {
    code: 'event.unknown-name',
    message: `unknown event "${name}": ${where} and it is not a well-known event; nothing was recorded`,
    hint: `${guess ? `did you mean "${guess}"? ` : ''}known events: ${known.join(', ')}`,
    guess,
    known,
  };
}

/**
 * Refuses to record event `name` unless eventNameProblem finds nothing wrong with it.
 * @throws RetentionError `event.bad-name` or `event.unknown-name` (with a did-you-mean).
 */
export function checkEventToRecord(name: string, policy: CompiledPolicy | null): void {
  const problem = eventNameProblem(name, policy);
  if (problem === null) return;
  if (problem.code === 'event.bad-name') throw usageError(problem.code, problem.message, { event: name });
  throw usageError(problem.code, `${problem.message}\n  hint: ${problem.hint}`, {
    event: name,
    guess: problem.guess,
    known: [...problem.known],
  });
}
