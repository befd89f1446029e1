/**
 * The detail of a `policy-warnings` audit entry: a policy version's warnings, logged once by
 * the first `apply` under that version so that unattended runs (cron) can stay silent and the
 * warnings are still on record. Positions and messages only — never the policy file's path,
 * which may name a person.
 */
import type { Problem } from '../errors.js';
import type { AuditDetail } from '../audit-entry.js';

export function policyWarningsDetail(warnings: readonly Problem[]): AuditDetail {
  const listed: Record<string, string> = {};
  warnings.forEach((w, i) => {
    listed[String(i + 1)] = `${positionOf(w)}${w.message}`;
  });
  return { count: warnings.length, warnings: listed };
}

/** "line 12, col 5: ", or less when the position is not known. */
function positionOf(w: Problem): string {
  if (w.line === null) return '';
  return w.col === null ? `line ${w.line}: ` : `line ${w.line}, col ${w.col}: `;
}
