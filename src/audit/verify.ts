import { GENESIS_PREV, hashEntry, type AuditEntry, type ChainLink } from '../audit-entry.js';

export interface VerifyResult {
  ok: boolean;
  /** Entries that passed every check. */
  checked: number;
  /** The last entry that passed (null when none did). */
  lastSeq: number | null;
  lastHash: string | null;
  /**
   * Whether the chain holds the saved head's seq with its hash. Only then are the entries up to
   * it proven to be the original ones; without a saved head a chain can only be consistent.
   */
  headMatched: boolean;
  /** The first entry that does not match, and why; null when the chain is sound. */
  firstBad: BadEntry | null;
}

export interface BadEntry {
  seq: number;
  problem: string;
  /**
   * `chain`: the entry breaks the chain itself (seq, prev or hash), so the entries before it are
   * a consistent chain. `saved-head`: the chain is consistent but does not hold the saved head
   * (a different hash there, or entries missing before it): it was rewritten or cut at this
   * entry or BEFORE it, which one saved head cannot locate.
   */
  against: 'chain' | 'saved-head';
}

export interface VerifyOptions {
  /** A head saved outside the tool's reach (`audit head`): the chain must contain it. */
  head?: { seq: number; hash: string };
  /**
   * Kept up to date as entries pass, for a caller whose entries may fail to be read: when the
   * iteration throws, it still knows how far the chain was sound (no wrapper around the entries,
   * which cost a million-entry verify an async step per entry).
   */
  progress?: ChainProgress;
}

/** The entries that passed so far, and the last of them (seq 0 and null: none yet). */
export interface ChainProgress {
  checked: number;
  lastSeq: number;
  lastHash: string | null;
}

/**
 * Recomputes a hash chain in order and stops at the first entry that does not match:
 * seq must run 1, 2, 3… without gaps, `prev` must be the previous entry's hash and `hash`
 * must recompute. Without a saved head a rewritten tail cannot be told from a genuine one,
 * so with `head` the chain must also hold that seq with that hash; when it does not, the
 * entries before are consistent but not proven (`against: 'saved-head'`).
 */
export async function verifyChain(
  entries: Iterable<AuditEntry> | AsyncIterable<AuditEntry>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const chain = new ChainCheck(options);
  for await (const entry of entries) {
    // Hashed only when its seq and prev are right, as the entry may be anything then.
    const bad = chain.next(entry, () => hashEntry(entry));
    if (bad !== null) return chain.result(bad);
  }
  return chain.end();
}

/**
 * verifyChain over a store's links, a page at a time (AuditLog.auditLinks): each entry's hash
 * was recomputed from its stored row, and a page costs one asynchronous step, not each entry.
 */
export async function verifyLinks(pages: AsyncIterable<readonly ChainLink[]>, options: VerifyOptions = {}): Promise<VerifyResult> {
  const chain = new ChainCheck(options);
  for await (const links of pages) {
    for (const link of links) {
      const bad = chain.next(link, () => link.contentHash);
      if (bad !== null) return chain.result(bad);
    }
  }
  return chain.end();
}

/** The chain's state as entries pass, one at a time. */
class ChainCheck {
  private checked = 0;
  private lastSeq: number | null = null;
  private lastHash: string | null = null;
  private headMatched = false;

  constructor(private readonly options: VerifyOptions) {}

  /** The entry's problem, or null once it passed (and is counted). */
  next(entry: Pick<ChainLink, 'seq' | 'prev' | 'hash'>, contentHash: () => string): BadEntry | null {
    const { head, progress } = this.options;
    const problem = findProblem(entry, this.lastSeq ?? 0, this.lastHash ?? GENESIS_PREV, contentHash);
    if (problem !== null) return { seq: expectedSeq(entry, this.lastSeq), problem, against: 'chain' };
    if (head && entry.seq === head.seq && entry.hash !== head.hash) {
      return {
        seq: entry.seq,
        problem: 'its hash differs from the saved head: the log was rewritten at this entry or before it',
        against: 'saved-head',
      };
    }
    this.checked += 1;
    this.lastSeq = entry.seq;
    this.lastHash = entry.hash;
    if (progress) {
      progress.checked = this.checked;
      progress.lastSeq = entry.seq;
      progress.lastHash = entry.hash;
    }
    if (head && entry.seq === head.seq) this.headMatched = true;
    return null;
  }

  /** The result once every entry passed: a saved head must have been among them. */
  end(): VerifyResult {
    const { head } = this.options;
    if (head && !this.headMatched) {
      const first = (this.lastSeq ?? 0) + 1;
      const removed = first === head.seq ? `entry ${first} was` : `entries ${first}–${head.seq} were`;
      return this.result({
        seq: first,
        problem: `missing: the log ends at seq ${this.lastSeq ?? 0}, before the saved head (seq ${head.seq}): ${removed} removed`,
        against: 'saved-head',
      });
    }
    return this.result(null);
  }

  result(firstBad: BadEntry | null): VerifyResult {
    const { checked, lastSeq, lastHash, headMatched } = this;
    return { ok: firstBad === null, checked, lastSeq, lastHash, headMatched, firstBad };
  }
}

function findProblem(
  entry: Pick<ChainLink, 'seq' | 'prev' | 'hash'>,
  previousSeq: number,
  previousHash: string,
  contentHash: () => string,
): string | null {
  if (entry.seq !== previousSeq + 1) {
    return `expected seq ${previousSeq + 1}, found seq ${String(entry.seq)}: entries are missing or out of order`;
  }
  if (entry.prev !== previousHash) return `prev does not match the hash of entry ${previousSeq}`;
  if (contentHash() !== entry.hash) return 'hash does not match the entry: its content was changed';
  return null;
}

/** The seq to name for a bad entry: the one the chain expected when the entry's own seq is off. */
function expectedSeq(entry: Pick<ChainLink, 'seq'>, lastSeq: number | null): number {
  const expected = (lastSeq ?? 0) + 1;
  return entry.seq === expected ? entry.seq : expected;
}
