/** Policy versions in the PostgreSQL store, as in sqlite-policy-versions.ts: read from the runs table and the log; texts in `policy_texts`. */
import type { UnloggedPolicyChange } from './policy-versions.js';
import type { PgSession } from './postgres-session.js';

export class PgPolicyVersions {
  constructor(
    private readonly session: PgSession,
    private readonly now: () => Date,
  ) {}

  unloggedChange(sha256: string): Promise<UnloggedPolicyChange | null> {
    return this.session.use(async (sql) => {
      const { rows } = await sql.query<{ sha256: string; since: string; text: string | null }>(
        `SELECT r.policy_sha256 AS sha256, r.started_at AS since, t.text AS text
         FROM runs r LEFT JOIN policy_texts t ON t.sha256 = r.policy_sha256
         WHERE r.kind = 'apply' AND r.policy_sha256 IS NOT NULL AND r.policy_sha256 <> $1
         ORDER BY r.started_at DESC LIMIT 1`,
        [sha256],
      );
      const previous = rows[0];
      if (!previous) return null;
      const logged = await sql.query("SELECT 1 FROM audit WHERE action = 'policy-changed' AND policy_sha256 = $1 AND at >= $2 LIMIT 1", [
        sha256,
        previous.since,
      ]);
      return logged.rows.length > 0 ? null : { previousSha256: previous.sha256, previousText: previous.text };
    });
  }

  async keepText(sha256: string, text: string): Promise<void> {
    await this.session.write((sql) =>
      sql.query('INSERT INTO policy_texts (sha256, text, kept_at) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [
        sha256,
        text,
        this.now().toISOString(),
      ]),
    );
  }
}
