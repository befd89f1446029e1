import { expect } from 'vitest';
import type { Problem } from '../../src/errors.js';
import { loadPolicyText, type PolicyLoadResult } from '../../src/policy/load.js';
import { fixtureText } from '../fixtures.js';

export const load = (text: string): PolicyLoadResult => loadPolicyText(text, 'policy.yaml');

export const errorsOf = (text: string): Problem[] => load(text).problems.filter((p) => p.severity === 'error');

/** The one error `text` must produce; fails the test when there are none or several. */
export function theError(text: string): Problem {
  const errors = errorsOf(text);
  expect(errors.map((e) => `${e.line}:${e.col} ${e.message}`)).toHaveLength(1);
  return errors[0]!;
}

/** The policy of DESIGN §3, verbatim. */
export const DESIGN_EXAMPLE = fixtureText('policy', 'design-example.yaml');
