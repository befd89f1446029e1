/**
 * `audit verify`'s check of a store: SQLite's own consistency check, then the hash chain
 * (DESIGN §7), optionally against a head saved outside the tool's reach, and the holds and
 * approvals tables against the log (a row inserted, deleted or changed behind the tool's back
 * does not break the chain). Damage and tampering are findings (exit 1); a bug stays a bug
 * (thrown on, exit 70), never reported as tampering.
 */
import { formatProblem, RetentionError } from '../errors.js';
import { isDeletionAction } from '../audit-entry.js';
import type { AuditHead, AuditLink, AuditLog, DeletionEntry, LogMismatch } from '../store/types.js';
import { EMPTY_LOG_HEAD } from './head.js';
import { verifyChain, verifyLinks, type BadEntry, type ChainProgress, type VerifyResult } from './verify.js';

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
 * What verifyStore reads of a store. Every kind of store gives its links (each entry's hash
 * recomputed from its row, a page at a time); a log that only gives its entries (a stand-in)
 * has them hashed one by one, with the same outcome.
 */
export type VerifiableLog = Pick<AuditLog, 'integrityCheck' | 'auditEntries' | 'roleWarnings' | 'tablesAgainstLog'> &
  Partial<Pick<AuditLog, 'auditLinks'>>;

/**
 * Checks the store and its audit chain. A saved head at seq 0 is the empty log's, which every
 * log extends; any other saved head must be in the chain with the same hash.
 * An entry the store cannot read back (a hand-edited row, a damaged page) is reported as the
 * first bad one, not thrown; anything else thrown is a bug and is thrown on.
 */
export async function verifyStore(store: VerifiableLog, savedHead: AuditHead | null): Promise<StoreVerdict> {
  // Started first: a SQLite store checks its file in a worker thread while the chain is hashed here.
  const integrity = settled(store.integrityCheck());
  const roleWarnings = await store.roleWarnings();
  const progress: ChainProgress = { checked: 0, lastSeq: 0, lastHash: null };
  const options = savedHead && savedHead.seq > 0 ? { head: savedHead, progress } : { progress };
  // The deletion entries met on the way: the tables check then reads only those after them.
  const read: Collected = { upTo: 0, entries: [] };
  let verdict: Pick<VerifyResult, 'checked' | 'headMatched' | 'firstBad'> | null = null;
  let unreadable: { error: unknown } | null = null;
  try {
    verdict = await (store.auditLinks
      ? verifyLinks(collectingDeletions(store.auditLinks(), read), options)
      : verifyChain(store.auditEntries(), options));
  } catch (error) {
    unreadable = { error };
  }
  // The check's own failure first: a bug there is thrown on, whatever the log did.
  const integrityFound = (await integrity)();
  const chain = verdict ?? {
    checked: progress.checked,
    // Every entry read passed, the saved head's check included.
    headMatched: savedHead !== null && savedHead.seq > 0 && progress.lastSeq >= savedHead.seq,
    firstBad: { seq: progress.lastSeq + 1, problem: `cannot be read back: ${damageIn(unreadable?.error)}`, against: 'chain' as const },
  };
  const tablesDamage: string[] = [];
  const logMismatches = await store.tablesAgainstLog(store.auditLinks ? read : undefined).catch((error: unknown) => {
    tablesDamage.push(damageIn(error));
    return [];
  });
  return {
    integrityProblems: [...integrityFound, ...tablesDamage],
    checked: chain.checked,
    head: progress.lastHash === null ? EMPTY_LOG_HEAD : { seq: progress.lastSeq, hash: progress.lastHash },
    headMatched: chain.headMatched,
    firstBad: chain.firstBad,
    roleWarnings,
    logMismatches,
  };
}

interface Collected {
  upTo: number;
  entries: DeletionEntry[];
}

/**
 * The pages as they come, each one's deletion entries kept in `read` before it is handed on: the
 * log is read once for the chain and for the tables check (half a million deletion entries on a
 * million-entry log). The log is append-only, so what was read up to `upTo` is what the tables
 * check would read there.
 */
async function* collectingDeletions(pages: AsyncIterable<readonly AuditLink[]>, read: Collected): AsyncIterable<readonly AuditLink[]> {
  for await (const links of pages) {
    for (const { seq, action, record } of links) if (isDeletionAction(action)) read.entries.push({ seq, action, record });
    read.upTo = links.at(-1)?.seq ?? read.upTo;
    yield links;
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

/**
 * The check's problems, or its damage message, read when wanted; the promise never rejects
 * meanwhile, so a check that fails while the chain is still being read is not an unhandled
 * rejection. Anything but damage (a bug) is thrown when read.
 */
function settled(check: Promise<string[]>): Promise<() => string[]> {
  return check.then(
    (problems) => () => problems,
    (error: unknown) => () => [damageIn(error)],
  );
}

/** The message of a damaged store; anything else is rethrown, so that a bug is never reported as tampering. */
function damageIn(error: unknown): string {
  if (!(error instanceof RetentionError && error.kind === 'store-damaged')) throw error;
  return error.problems.length > 0 ? error.problems.map(formatProblem).join('\n  ') : error.message;
}

export function verified(verdict: StoreVerdict): boolean {
  return verdict.firstBad === null && verdict.integrityProblems.length === 0 && verdict.logMismatches.length === 0;
}
