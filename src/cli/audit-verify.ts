/**
 * `audit verify`'s check of a store: SQLite's own consistency check, then the hash chain
 * (DESIGN §7), optionally against a head saved outside the tool's reach, and what the verdict
 * may truthfully say. Damage and tampering are findings (exit 1); a bug stays a bug (exit 70).
 */
import { countOf } from '../plural.js';
import type { AuditEntry } from '../audit/entry.js';
import { EMPTY_LOG_HEAD, formatHead } from './audit-head.js';
import { verifyChain, type BadEntry } from '../audit/verify.js';
import { formatProblem, RetentionError, usageError } from '../errors.js';
import type { AuditHead, Store } from '../store/types.js';

export interface StoreVerdict {
  /** Messages of `PRAGMA integrity_check`, or the damage that stopped the check; [] when the file is sound. */
  integrityProblems: string[];
  /** Entries that passed, and the last of them (the empty log's head when none did). */
  checked: number;
  head: AuditHead;
  /** Whether the saved head was found with its hash: the entries up to it are then the original ones. */
  headMatched: boolean;
  /** The first entry that does not match, and why; null when the chain is sound. */
  firstBad: BadEntry | null;
  /** What the connected role could do to the log that it should not (a PostgreSQL store); reported, not failed. */
  roleWarnings: string[];
}

/**
 * Checks the store and its audit chain. A saved head at seq 0 is the empty log's, which every
 * log extends; any other saved head must be in the chain with the same hash.
 * An entry the store cannot read back (a hand-edited row, a damaged page) is reported as the
 * first bad one, not thrown; anything else thrown is a bug and is thrown on.
 */
export async function verifyStore(store: Pick<Store, 'integrityCheck' | 'auditEntries' | 'roleWarnings'>, savedHead: AuditHead | null): Promise<StoreVerdict> {
  if (savedHead?.seq === 0 && savedHead.hash !== EMPTY_LOG_HEAD.hash) {
    throw usageError(`a saved head at seq 0 is the empty log's, whose hash is 64 zeros; got ${savedHead.hash}`);
  }
  const integrityProblems = await store.integrityCheck().catch((error: unknown) => [damageIn(error)]);
  const roleWarnings = await store.roleWarnings();
  let read = 0;
  let last: AuditHead = EMPTY_LOG_HEAD;
  async function* tracked(): AsyncIterable<AuditEntry> {
    for await (const entry of store.auditEntries()) {
      yield entry;
      // Reached only when verifyChain asks for the next entry, i.e. this one passed.
      read += 1;
      last = { seq: entry.seq, hash: entry.hash };
    }
  }
  const options = savedHead && savedHead.seq > 0 ? { head: savedHead } : {};
  try {
    const { firstBad, headMatched } = await verifyChain(tracked(), options);
    return { integrityProblems, checked: read, head: last, headMatched, firstBad, roleWarnings };
  } catch (error) {
    const problem = `cannot be read back: ${damageIn(error)}`;
    // Every entry read passed, the saved head's check included.
    const headMatched = options.head !== undefined && last.seq >= options.head.seq;
    return { integrityProblems, checked: read, head: last, headMatched, firstBad: { seq: last.seq + 1, problem, against: 'chain' }, roleWarnings };
  }
}

/** A store so damaged that it cannot even be opened: the check failed, and the damage is named. */
export function damagedStoreVerdict(error: unknown): StoreVerdict {
  return { integrityProblems: [damageIn(error)], checked: 0, head: EMPTY_LOG_HEAD, headMatched: false, firstBad: null, roleWarnings: [] };
}

/** The message of a damaged store; anything else is rethrown, so that a bug is never reported as tampering. */
function damageIn(error: unknown): string {
  if (!(error instanceof RetentionError && error.kind === 'store-damaged')) throw error;
  return error.problems.length > 0 ? error.problems.map(formatProblem).join('\n  ') : error.message;
}

export function verified(verdict: StoreVerdict): boolean {
  return verdict.firstBad === null && verdict.integrityProblems.length === 0;
}

/**
 * What verify prints: on stdout when the log verifies, else on stderr. It claims no more than
 * the check proves: entries before a break are only consistent with each other, and the
 * saved head vouches only for the entries up to it, and only when it matched.
 */
export function verdictReport(verdict: StoreVerdict, savedHead: AuditHead | null): { stdout: string; stderr: string } {
  const lines: string[] = [];
  if (verdict.integrityProblems.length > 0) lines.push(`store check failed:\n  ${verdict.integrityProblems.join('\n  ')}`);
  const bad = verdict.firstBad;
  if (bad) {
    lines.push(`audit log does NOT verify: entry ${bad.seq}: ${bad.problem}`);
    if (verdict.checked > 0) lines.push(`  ${beforeTheBadEntry(verdict, bad, savedHead)}`);
  }
  const warnings = verdict.roleWarnings.map((warning) => `warning: ${warning}`);
  if (lines.length > 0) return { stdout: '', stderr: [...lines, ...warnings].join('\n') };
  const vouched = savedHead && verdict.headMatched ? `; entries 1–${savedHead.seq} match the saved head` : '';
  return { stdout: `audit log OK: ${countOf(verdict.checked, 'entry', 'entries')}, head ${formatHead(verdict.head)}${vouched}\n`, stderr: warnings.join('\n') };
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
