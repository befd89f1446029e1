import { expect } from 'vitest';
import type { Problem } from '../../src/errors.js';
import { loadPolicyText, type PolicyLoadResult } from '../../src/policy/load.js';

export const load = (text: string): PolicyLoadResult => loadPolicyText(text, 'policy.yaml');

export const errorsOf = (text: string): Problem[] => load(text).problems.filter((p) => p.severity === 'error');

/** The one error `text` must produce; fails the test when there are none or several. */
export function theError(text: string): Problem {
  const errors = errorsOf(text);
  expect(errors.map((e) => `${e.line}:${e.col} ${e.message}`)).toHaveLength(1);
  return errors[0]!;
}

/** The policy of DESIGN §3, verbatim. */
export const DESIGN_EXAMPLE = `version: 1
organisation: Leading Lives
timezone: Europe/London        # dates are calendar dates in this zone
rules:
  - id: care-records
    title: Customer care records
    source: "Privacy notice 2.4: six years after you have stopped having a service"
    match: { category: [care-plan, health, finance, incident] }
    basis: contract            # consent | contract | legal-obligation | vital-interests | public-task | legitimate-interests
    retain: { from: service_ended, for: P6Y }
  - id: voluntary-material
    match: { category: [storyboard, photograph] }
    basis: consent
    retain: { from: consent_given, for: P3Y }
    erase_on: [consent_withdrawn]
    review: { every: P1Y, from: [consent_confirmed, consent_given] }
  - id: lpa-notes
    match: { category: lpa-capacity-notes }
    basis: legitimate-interests
    retain: { until: lpa_registered }
    hold_while: [objection_possible]          # flag: keep, and list for review
    review: { if_no_event_after: P12M }       # trigger never came: ask a human
  - id: comments
    match: { category: web-comment }
    retain: indefinitely
`;
