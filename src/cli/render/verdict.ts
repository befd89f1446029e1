/**
 * What `audit verify` prints: on stdout when the log verifies, else on stderr. It claims no more
 * than the check proves: entries before a break are only consistent with each other, and the
 * saved head vouches only for the entries up to it, and only when it matched.
 */
import { formatHead } from '../../audit/head.js';
import type { BadEntry } from '../../audit/verify.js';
import type { StoreVerdict } from '../../audit/verify-store.js';
import { countOf } from '../../plural.js';
import type { AuditHead } from '../../store/types.js';

export function verdictReport(verdict: StoreVerdict, savedHead: AuditHead | null): { stdout: string; stderr: string } {
  const lines: string[] = [];
  if (verdict.integrityProblems.length > 0) lines.push(`store check failed:\n  ${verdict.integrityProblems.join('\n  ')}`);
  if (verdict.logMismatches.length > 0) {
    lines.push(
      `the store's tables (holds, approvals, events, records) do not match the audit log (changed outside retention; the log's word is acted on):\n  ${verdict.logMismatches.map((m) => `${m.message} [${m.code}]`).join('\n  ')}`,
    );
  }
  const bad = verdict.firstBad;
  if (bad) {
    lines.push(`audit log does NOT verify: entry ${bad.seq}: ${bad.problem}`);
    if (verdict.checked > 0) lines.push(`  ${beforeTheBadEntry(verdict, bad, savedHead)}`);
  }
  const warnings = verdict.roleWarnings.map((warning) => `warning: ${warning}`);
  if (lines.length > 0) return { stdout: '', stderr: [...lines, ...warnings].join('\n') };
  const entries = `${countOf(verdict.checked, 'entry', 'entries')}, head ${formatHead(verdict.head)}`;
  // A forger who knows the hash rule can rewrite a whole chain consistently: only a head kept
  // out of the tool's reach tells the original entries from such a rewrite.
  if (savedHead === null || savedHead.seq === 0) {
    return {
      stdout: `audit log consistent: ${entries}; without a saved head a rewrite cannot be ruled out — keep "retention audit head" where the tool cannot write and check with --head-file\n`,
      stderr: warnings.join('\n'),
    };
  }
  const vouched = verdict.headMatched ? `; entries 1–${savedHead.seq} match the saved head` : '';
  return { stdout: `audit log OK: ${entries}${vouched}\n`, stderr: warnings.join('\n') };
}

/** What the entries before the first bad one are: proven, only consistent, or suspect. */
function beforeTheBadEntry(verdict: StoreVerdict, bad: BadEntry, savedHead: AuditHead | null): string {
  const before = `entries 1–${verdict.checked}`;
  if (bad.against === 'saved-head') {
    return `${before} are consistent with each other but not proven: they may have been rewritten too, and one saved head cannot tell where a rewrite began (an earlier export or an older saved head can).`;
  }
  if (savedHead === null) return `${before} before it verify; the last good head is ${formatHead(verdict.head)}`;
  if (verdict.headMatched) {
    return `${before} before it verify, and entries 1–${savedHead.seq} match the saved head; the last good head is ${formatHead(verdict.head)}`;
  }
  return `${before} before it are consistent with each other, but the saved head (seq ${savedHead.seq}) lies beyond this break, so nothing proves they are the original ones; the chain is consistent up to ${formatHead(verdict.head)}`;
}
