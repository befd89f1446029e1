/** Policy versions in the SQLite store: read from the runs table and the log; texts in `policy_texts`. */
import type Database from 'better-sqlite3';
import type { UnloggedPolicyChange } from './policy-versions.js';

export class SqlitePolicyVersions {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {
    this.statements = {
      previous: db.prepare<[string], { sha256: string; since: string; text: string | null }>(
        `SELECT r.policy_sha256 AS sha256, r.started_at AS since, t.text AS text
         FROM runs r LEFT JOIN policy_texts t ON t.sha256 = r.policy_sha256
         WHERE r.kind = 'apply' AND r.policy_sha256 IS NOT NULL AND r.policy_sha256 != ?
         ORDER BY r.started_at DESC LIMIT 1`,
      ),
      logged: db
        .prepare<[string, string], number>("SELECT 1 FROM audit WHERE action = 'policy-changed' AND policy_sha256 = ? AND at >= ? LIMIT 1")
        .pluck(),
      keep: db.prepare('INSERT INTO policy_texts (sha256, text, kept_at) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING'),
    };
  }

  unloggedChange(sha256: string): UnloggedPolicyChange | null {
    const previous = this.statements.previous.get(sha256);
    if (!previous || this.statements.logged.get(sha256, previous.since) !== undefined) return null;
    return { previousSha256: previous.sha256, previousText: previous.text };
  }

  keepText(sha256: string, text: string): void {
    this.statements.keep.run(sha256, text, this.now().toISOString());
  }
}
