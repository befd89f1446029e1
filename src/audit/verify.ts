import { GENESIS_PREV, hashEntry, type AuditEntry } from './entry.js';

export interface VerifyResult {
  ok: boolean;
  /** Entries that passed every check. */
  checked: number;
  /** The last entry that passed (null when none did). */
  lastSeq: number | null;
  lastHash: string | null;
  /** The first entry that does not match, and why; null when the chain is sound. */
  firstBad: { seq: number; problem: string } | null;
}

export interface VerifyOptions {
  /** A head saved outside the tool's reach (`audit head`): the chain must contain it. */
  head?: { seq: number; hash: string };
}

/**
 * Recomputes a hash chain in order and stops at the first entry that does not match:
 * seq must run 1, 2, 3… without gaps, `prev` must be the previous entry's hash and `hash`
 * must recompute. Without a saved head a rewritten tail cannot be told from a genuine one,
 * so with `head` the chain must also hold that seq with that hash.
 */
export async function verifyChain(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  let checked = 0;
  let lastSeq: number | null = null;
  let lastHash: string | null = null;
  let headMatched = false;
  const result = (firstBad: VerifyResult['firstBad']): VerifyResult => ({
    ok: firstBad === null,
    checked,
    lastSeq,
    lastHash,
    firstBad,
  });

  for await (const entry of entries) {
    const problem = findProblem(entry, lastSeq ?? 0, lastHash ?? GENESIS_PREV, options.head);
    if (problem !== null) return result({ seq: expectedSeq(entry, lastSeq), problem });
    checked += 1;
    lastSeq = entry.seq;
    lastHash = entry.hash;
    if (options.head && entry.seq === options.head.seq) headMatched = true;
  }

  const { head } = options;
  if (head && !headMatched) {
    return result({
      seq: head.seq,
      problem: `the log ends at seq ${lastSeq ?? 0}, before the saved head (seq ${head.seq}): entries were removed`,
    });
  }
  return result(null);
}

function findProblem(
  entry: AuditEntry,
  previousSeq: number,
  previousHash: string,
  head: VerifyOptions['head'],
): string | null {
  if (entry.seq !== previousSeq + 1) {
    return `expected seq ${previousSeq + 1}, found seq ${String(entry.seq)}: entries are missing or out of order`;
  }
  if (entry.prev !== previousHash) return `prev does not match the hash of entry ${previousSeq}`;
  if (hashEntry(entry) !== entry.hash) return 'hash does not match the entry: its content was changed';
  if (head && entry.seq === head.seq && entry.hash !== head.hash) {
    return `hash differs from the saved head: the log was rewritten from here or earlier`;
  }
  return null;
}

/** The seq to name for a bad entry: the one the chain expected when the entry's own seq is off. */
function expectedSeq(entry: AuditEntry, lastSeq: number | null): number {
  const expected = (lastSeq ?? 0) + 1;
  return entry.seq === expected ? entry.seq : expected;
}
