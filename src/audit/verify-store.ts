/**
 * `audit verify`'s check of a store: SQLite's own consistency check, then the hash chain
 * (DESIGN §7), optionally against a head saved outside the tool's reach, and the holds and
 * approvals tables against the log (a row inserted, deleted or changed behind the tool's back
 * does not break the chain). Damage and tampering are findings (exit 1); a bug stays a bug
 * (thrown on, exit 70), never reported as tampering.
 */
import type { AuditEntry } from '../audit-entry.js';
import { formatProblem, RetentionError } from '../errors.js';
import type { AuditHead, AuditLog, LogMismatch } from '../store/types.js';
import { EMPTY_LOG_HEAD } from './head.js';
import { verifyChain, type BadEntry } from './verify.js';

export interface StoreVerdict {
  /** Messages of `PRAGMA integrity_check`, or the damage that stopped the check; [] when the file is sound. */
  integrityProblems: readonly string[];
  /** Entries that passed, and the last of them (the empty log's head when none did). */
  checked: number;
  head: AuditHead;
  /** Whether the saved head was found with its hash: the entries up to it are then the original ones. */
  headMatched: boolean;
  /** The first entry that does not match, and why; null when the chain is sound. */
  firstBad: BadEntry | null;
  /** Where the holds or approvals table says otherwise than the log; [] when they agree. */
  logMismatches: readonly LogMismatch[];
  /** What the connected role could do to the log that it should not (a PostgreSQL store); reported, not failed. */
  roleWarnings: readonly string[];
}

/**
 * Checks the store and its audit chain. A saved head at seq 0 is the empty log's, which every
 * log extends; any other saved head must be in the chain with the same hash.
 * An entry the store cannot read back (a hand-edited row, a damaged page) is reported as the
 * first bad one, not thrown; anything else thrown is a bug and is thrown on.
 */
export async function verifyStore(
  store: Pick<AuditLog, 'integrityCheck' | 'auditEntries' | 'roleWarnings' | 'tablesAgainstLog'>,
  savedHead: AuditHead | null,
): Promise<StoreVerdict> {
  const integrityProblems = await store.integrityCheck().catch((error: unknown) => [damageIn(error)]);
  const roleWarnings = await store.roleWarnings();
  const logMismatches = await store.tablesAgainstLog().catch((error: unknown) => {
    integrityProblems.push(damageIn(error));
    return [];
  });
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
    return { integrityProblems, checked: read, head: last, headMatched, firstBad, roleWarnings, logMismatches };
  } catch (error) {
    const problem = `cannot be read back: ${damageIn(error)}`;
    // Every entry read passed, the saved head's check included.
    const headMatched = options.head !== undefined && last.seq >= options.head.seq;
    return {
      integrityProblems,
      checked: read,
      head: last,
      headMatched,
      firstBad: { seq: last.seq + 1, problem, against: 'chain' },
      roleWarnings,
      logMismatches,
    };
  }
}

/**
 * The verdict on a store so damaged that it cannot even be opened: the check failed, and the
 * damage is named. Anything else (a store that is missing or read-only, a bug) is thrown on.
 */
export function damagedStoreVerdict(error: unknown): StoreVerdict {
  return {
    integrityProblems: [damageIn(error)],
    checked: 0,
    head: EMPTY_LOG_HEAD,
    headMatched: false,
    firstBad: null,
    roleWarnings: [],
    logMismatches: [],
  };
}

/** The message of a damaged store; anything else is rethrown, so that a bug is never reported as tampering. */
function damageIn(error: unknown): string {
  if (!(error instanceof RetentionError && error.kind === 'store-damaged')) throw error;
  return error.problems.length > 0 ? error.problems.map(formatProblem).join('\n  ') : error.message;
}

export function verified(verdict: StoreVerdict): boolean {
  return verdict.firstBad === null && verdict.integrityProblems.length === 0 && verdict.logMismatches.length === 0;
}
