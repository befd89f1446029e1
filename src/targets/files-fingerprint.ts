/**
 * What tells a deleted file from another put at its path later (issue A3): its size and
 * modification time, from the stat the deletion makes anyway. A restored backup keeps both
 * (cp -p, rsync -a, tar, restic…); a new client's file at a reused path does not. Some restore
 * tools keep the modification time to the second only, so a time without its fraction of a
 * second matches the same second; anything else differing means a different file, which is
 * reported, never deleted.
 */

const PREFIX = 'file:';

export function fileFingerprint(stats: { readonly size: bigint; readonly mtimeNs: bigint }): string {
  return `${PREFIX}${stats.size}:${stats.mtimeNs}`;
}

/** Whether the file now fingerprinted `now` is the one deleted as `deleted`. */
export function isSameFile(deleted: string, now: string): boolean {
  const a = parse(deleted);
  const b = parse(now);
  if (a === null || b === null || a.size !== b.size) return false;
  if (a.mtimeNs === b.mtimeNs) return true;
  const second = 1_000_000_000n;
  const wholeSecond = a.mtimeNs % second === 0n || b.mtimeNs % second === 0n;
  return wholeSecond && a.mtimeNs / second === b.mtimeNs / second;
}

function parse(fingerprint: string): { size: bigint; mtimeNs: bigint } | null {
  const match = /^file:(\d+):(-?\d+)$/.exec(fingerprint);
  return match?.[1] === undefined || match[2] === undefined ? null : { size: BigInt(match[1]), mtimeNs: BigInt(match[2]) };
}
