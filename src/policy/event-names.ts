/**
 * Event names a store may record: the well-known ones (DESIGN §2) and those a policy's rules
 * use. Anything else is most likely a typo that would be recorded and then silently ignored
 * (`erasure_requestd`), so `event add` refuses it and `validate` warns about near misses.
 */
import type { CompiledPolicy } from '../engine/types.js';
import { CREATED_EVENT } from '../engine/events.js';
import { ERASURE_REQUEST_EVENT } from '../engine/erasure.js';

export const WELL_KNOWN_EVENTS: readonly string[] = Object.freeze([
  'service_ended',
  'lpa_registered',
  'advocacy_concluded',
  'consent_given',
  'consent_confirmed',
  'consent_withdrawn',
  ERASURE_REQUEST_EVENT,
  CREATED_EVENT,
]);

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
