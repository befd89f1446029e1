/**
 * ajv reports a failed union (`anyOf`) as one error per branch plus the union itself:
 * `basis: contractual` gives seven errors. This folds them into what a person needs.
 */
import type { ErrorObject } from 'ajv';

/**
 * Replaces every failed union's errors by either
 * - the errors of the one branch whose shape fits the value (a mapping given for
 *   `retain` is judged as the mapping form only: "unknown key form in retain"), or
 * - the union's own `anyOf` error alone, when no branch or several fit (`basis: contractual`).
 * Errors outside unions pass through unchanged.
 */
export function collapseUnionErrors(errors: ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  const outermost = unions.filter((u) => !unions.some((o) => isInside(u, o)));
  const kept = errors.filter((e) => !outermost.some((u) => e === u || isInside(e, u)));
  return [...kept, ...outermost.flatMap((u) => resolveUnion(u, errors))];
}

/** Same schema place AND same value: two rules failing the same union are two unions. */
function isInside(error: ErrorObject, union: ErrorObject): boolean {
  const sameValueOrBelow = error.instancePath === union.instancePath || error.instancePath.startsWith(`${union.instancePath}/`);
  return error !== union && sameValueOrBelow && error.schemaPath.startsWith(`${union.schemaPath}/`);
}

function resolveUnion(union: ErrorObject, errors: ErrorObject[]): ErrorObject[] {
  const byBranch = new Map<string, ErrorObject[]>();
  for (const e of errors.filter((x) => isInside(x, union))) {
    const branch = e.schemaPath.slice(union.schemaPath.length + 1).split('/')[0] ?? '';
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
  }
  // A branch "fits" when the value has its type and it failed only on something inside.
  const wrongShape = (e: ErrorObject) => e.instancePath === union.instancePath && (e.keyword === 'type' || e.keyword === 'const');
  const fitting = [...byBranch.values()].filter((branchErrors) => !branchErrors.some(wrongShape));
  const [only] = fitting;
  return fitting.length === 1 && only ? collapseUnionErrors(only) : [union];
}
