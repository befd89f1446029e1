/**
 * `audit verify`'s check of a store: SQLite's own consistency check, then the hash chain
 * (DESIGN §7), optionally against a head saved outside the tool's reach.
 */
import type { AuditEntry } from '../audit/entry.js';
import { EMPTY_LOG_HEAD } from './audit-head.js';
import { verifyChain } from '../audit/verify.js';
import { usageError } from '../errors.js';
import type { AuditHead, Store } from '../store/types.js';

export interface StoreVerdict {
  /** Messages of `PRAGMA integrity_check`; [] when the file is sound. */
  integrityProblems: string[];
  /** Entries that passed, and the last of them (the empty log's head when none did). */
  checked: number;
  head: AuditHead;
  /** The first entry that does not match, and why; null when the chain is sound. */
  firstBad: { seq: number; problem: string } | null;
}

/**
 * Checks the store and its audit chain. A saved head at seq 0 is the empty log's, which every
 * log extends; any other saved head must be in the chain with the same hash.
 * An entry the store cannot even read back (a hand-edited row) is reported as the first bad
 * one, not thrown: a tampered log is a finding, not a bug in the tool.
 */
export async function verifyStore(store: Store, savedHead: AuditHead | null): Promise<StoreVerdict> {
  if (savedHead?.seq === 0 && savedHead.hash !== EMPTY_LOG_HEAD.hash) {
    throw usageError(`a saved head at seq 0 is the empty log's, whose hash is 64 zeros; got ${savedHead.hash}`);
  }
  const integrityProblems = await store.integrityCheck();
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
    const { firstBad } = await verifyChain(tracked(), options);
    return { integrityProblems, checked: read, head: last, firstBad };
  } catch (error) {
    const problem = `the entry after seq ${last.seq} cannot be read back: ${(error as Error).message}`;
    return { integrityProblems, checked: read, head: last, firstBad: { seq: last.seq + 1, problem } };
  }
}
