/**
 * The shared words of the policy language (DESIGN §2, §3): lawful bases, cutoffs, approval
 * modes, what an event or flag name may look like, and the events every organisation has.
 * A leaf: it imports nothing, and every layer (engine, policy, inventory, targets, config,
 * CLI) takes these words from here, so that they can never disagree about them.
 */

export const BASES = ['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests'] as const;
export type Basis = (typeof BASES)[number];

/** `retain.cutoff`: move the trigger date to the end of its period first. */
export const CUTOFFS = ['end-of-month', 'end-of-year', 'end-of-financial-year'] as const;
export type Cutoff = (typeof CUTOFFS)[number];

/** `approval`: whether a due record needs an approved plan (`required`) or `apply --yes` may delete it. */
export const APPROVALS = ['required', 'automatic'] as const;
export type Approval = (typeof APPROVALS)[number];

/** Event and flag names: plain identifiers, so that they can be CSV columns and SQL-safe names. */
export const IDENTIFIER_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
const IDENTIFIER = new RegExp(IDENTIFIER_PATTERN);

export function isIdentifier(text: string): boolean {
  return IDENTIFIER.test(text);
}

/** The record field that stands for the `created` event. */
export const CREATED_EVENT = 'created';

/** A data subject's erasure request (UK GDPR art. 17, DESIGN §4.5). */
export const ERASURE_REQUEST_EVENT = 'erasure_requested';

/**
 * Events a store may record whether or not a policy names them (DESIGN §2). Any other name
 * must be used by a rule, or it is most likely a typo (`erasure_requestd`).
 */
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
