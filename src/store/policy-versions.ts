/**
 * The policy versions apply runs were made under (DESIGN §7 `policySha256`), and their texts,
 * so that the first apply under a new version can log a `policy-changed` entry saying what
 * changed since the version before.
 */

/** A version an earlier apply ran under, other than the current one, whose change to the current one is not logged yet. */
export interface UnloggedPolicyChange {
  previousSha256: string;
  /** Its text, when an apply of this version of the tool kept it; null for older runs. */
  previousText: string | null;
}

export interface PolicyVersions {
  /**
   * The policy of the latest apply run made under another version than `sha256`, when no
   * `policy-changed` entry for `sha256` was written since that run began; null otherwise (no
   * earlier apply, or the change is logged). A run that crashed before logging leaves it unlogged.
   */
  unloggedPolicyChange(sha256: string): Promise<UnloggedPolicyChange | null>;
  /** Keeps the text of a version an apply runs under (once per version). */
  keepPolicyText(sha256: string, text: string): Promise<void>;
}
