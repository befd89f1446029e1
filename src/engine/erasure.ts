/**
 * Erasure requests (UK GDPR art. 17, DESIGN §4.5): which rules a request erases under, the
 * exemption that keeps a record when it does not, and the one-month response deadline.
 */
import type { Basis, CompiledRule, ErasureOutcome } from './types.js';
import { addPeriod } from './dates.js';
import { ERASURE_REQUEST_EVENT } from '../vocabulary.js';

const RESPONSE_PERIOD = 'P1M';

/** Why a record stays despite a request, by the governing rule's lawful basis. */
const EXEMPTIONS: Record<Exclude<Basis, 'consent'>, string> = {
  'legal-obligation': 'legal obligation — art. 17(3)(b)',
  'public-task': 'public task — art. 17(3)(b)',
  contract: 'contract — still necessary for the contract and for legal claims, art. 17(1)(a), 17(3)(e)',
  'vital-interests': 'vital interests — still necessary, art. 17(1)(a)',
  'legitimate-interests': 'legitimate interests — overriding legitimate grounds, art. 17(1)(c)',
};
const NO_BASIS = 'no lawful basis recorded — a person must decide';
const NO_RULE = 'no rule matches this category — a person must decide';

/** True when an erasure request erases under `rule`: its basis is consent, or it lists the request in `erase_on`. */
export function isErasableOnRequest(rule: CompiledRule): boolean {
  return rule.basis === 'consent' || rule.eraseOn.includes(ERASURE_REQUEST_EVENT);
}

/** The events that end retention under `rule` the day they happen: `erase_on`, and the request when it applies. */
export function erasingEvents(rule: CompiledRule): string[] {
  return isErasableOnRequest(rule) && !rule.eraseOn.includes(ERASURE_REQUEST_EVENT)
    ? [...rule.eraseOn, ERASURE_REQUEST_EVENT]
    : [...rule.eraseOn];
}

/**
 * The outcome of a request made on `requested` for a record governed by `governing`
 * (null when no rule matches, which a person must then decide).
 */
export function erasureOutcome(requested: string, governing: CompiledRule | null): ErasureOutcome {
  const erasable = governing !== null && isErasableOnRequest(governing);
  return {
    requested,
    deadline: addPeriod(requested, RESPONSE_PERIOD),
    erasable,
    exemption: erasable ? null : exemptionFor(governing),
  };
}

function exemptionFor(governing: CompiledRule | null): string {
  if (governing === null) return NO_RULE;
  if (governing.basis === null || governing.basis === 'consent') return NO_BASIS;
  return EXEMPTIONS[governing.basis];
}
