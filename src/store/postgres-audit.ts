/**
 * The audit table of the PostgreSQL store: the one place where its entries are chained and
 * written, the reader for `audit list/export/verify`, and the checks of its guards. Entries are
 * chained inside the writer's transaction, after the store's write lock (postgres-session.ts),
 * so `seq` and `prev` are computed where no other host can append; UNIQUE on both is the guard
 * behind that.
 */
import { GENESIS_PREV, sealEntry, type AuditDraft, type AuditEntry } from '../audit-entry.js';
import { AUDIT_COLUMNS, entryToTuple, filterConditions, tupleToEntry, type AuditTuple } from './rows/audit.js';
import { linkPages } from './rows/audit-links.js';
import { APPEND_ONLY_FUNCTION, APPEND_ONLY_TRIGGERS } from './postgres-migrations.js';
import type { PgSession, Sql } from './postgres-session.js';
import type { AuditFilter, AuditHead, AuditLink } from './audit-log.js';

const READ_BATCH = 1000;
const COLUMN_TYPES: Readonly<Record<(typeof AUDIT_COLUMNS)[number], string>> = {
  seq: 'bigint',
  at: 'text',
  actor: 'text',
  action: 'text',
  run: 'text',
  record: 'text',
  subject: 'text',
  category: 'text',
  rule: 'text',
  policy_sha256: 'text',
  detail: 'text',
  prev: 'text',
  hash: 'text',
};
/** One INSERT for a whole batch of entries: each column as an array, unnested. */
const INSERT = `INSERT INTO audit (${AUDIT_COLUMNS.join(', ')}) SELECT * FROM unnest(${AUDIT_COLUMNS.map((c, i) => `$${i + 1}::${COLUMN_TYPES[c]}[]`).join(', ')})`;

export async function auditHead(sql: Sql): Promise<AuditHead | null> {
  const { rows } = await sql.query<AuditHead>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
  return rows[0] ?? null;
}

export class PgAuditLog {
  constructor(
    private readonly session: PgSession,
    private readonly now: () => Date,
  ) {}

  /** Chains and writes the drafts. MUST run in a transaction that holds the store's write lock. */
  async appendInTx(sql: Sql, drafts: readonly AuditDraft[]): Promise<AuditEntry[]> {
    if (drafts.length === 0) return [];
    const head = await auditHead(sql);
    let seq = head?.seq ?? 0;
    let prev = head?.hash ?? GENESIS_PREV;
    const at = this.now().toISOString();
    const entries = drafts.map((draft) => {
      seq += 1;
      const entry = sealEntry(draft, seq, at, prev);
      prev = entry.hash;
      return entry;
    });
    // One array per column, unnested by INSERT into rows again.
    const tuples = entries.map(entryToTuple);
    await sql.query(
      INSERT,
      AUDIT_COLUMNS.map((_column, i) => tuples.map((tuple) => tuple[i])),
    );
    return entries;
  }

  /** Whether this policy version's warnings are in the log already. */
  async hasPolicyWarnings(sql: Sql, policySha256: string): Promise<boolean> {
    const { rowCount } = await sql.query("SELECT 1 FROM audit WHERE action = 'policy-warnings' AND policy_sha256 = $1 LIMIT 1", [
      policySha256,
    ]);
    return (rowCount ?? 0) > 0;
  }

  head(): Promise<AuditHead | null> {
    return this.session.use(auditHead);
  }

  /** Entries in seq order, a page per query, so that the caller may use the store between them. */
  async *entries(filter: AuditFilter = {}): AsyncIterable<AuditEntry> {
    for await (const rows of this.pages(filter)) for (const row of rows) yield tupleToEntry(row);
  }

  /** The whole log in seq order as `audit verify` checks it, a page of links at a time (rows/audit-links.ts). */
  links(): AsyncIterable<AuditLink[]> {
    return linkPages(this.pages({}));
  }

  /** The rows that match the filter, in seq order, a page per query. */
  private async *pages(filter: AuditFilter): AsyncIterable<AuditTuple[]> {
    const { equal, since } = filterConditions(filter);
    const values: string[] = [...equal.map(([, value]) => value), ...(since === null ? [] : [since])];
    const conditions = [...equal.map(([column], i) => `${column} = $${i + 3}`), ...(since === null ? [] : [`at >= $${equal.length + 3}`])];
    const text = `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit WHERE seq > $1 ${conditions.map((c) => `AND ${c}`).join(' ')} ORDER BY seq LIMIT $2`;
    // From the lowest bigint, not from 0: a row below seq 1 (its CHECK dropped by an owner) is
    // read and fails the chain, as on SQLite (sqlite-audit.ts).
    let after: number | string = '-9223372036854775808';
    for (;;) {
      const { rows } = await this.session.use((sql) =>
        sql.query<AuditTuple>({ text, values: [after, READ_BATCH, ...values], rowMode: 'array' }),
      );
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (!last || rows.length < READ_BATCH) return;
      after = last[0];
    }
  }

  /**
   * The log's guards: the append-only triggers present and enabled (a disabled trigger lets an
   * owner edit rows in place), their function unchanged, and the UNIQUE constraints of the chain.
   */
  integrityCheck(): Promise<string[]> {
    return this.session.use(async (sql) => {
      const problems: string[] = [];
      const { rows: triggers } = await sql.query<{ name: string; enabled: string }>(
        "SELECT tgname AS name, tgenabled AS enabled FROM pg_trigger WHERE tgrelid = 'audit'::regclass AND NOT tgisinternal",
      );
      for (const name of APPEND_ONLY_TRIGGERS) {
        const trigger = triggers.find((t) => t.name === name);
        if (!trigger) problems.push(`the audit log's append-only trigger ${name} is missing`);
        else if (!['O', 'A'].includes(trigger.enabled))
          problems.push(`the audit log's append-only trigger ${name} is disabled (ALTER TABLE audit ENABLE TRIGGER ${name})`);
      }
      const { rows: functions } = await sql.query<{ body: string }>(
        'SELECT prosrc AS body FROM pg_proc WHERE proname = $1 AND pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())',
        [APPEND_ONLY_FUNCTION.name],
      );
      if (functions[0]?.body !== APPEND_ONLY_FUNCTION.body)
        problems.push(`the function ${APPEND_ONLY_FUNCTION.name}() of the append-only triggers was changed or removed`);
      const { rows: constraints } = await sql.query<{ name: string }>(
        "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'audit'::regclass AND contype IN ('p', 'u')",
      );
      for (const name of ['audit_pkey', 'audit_prev_unique']) {
        if (!constraints.some((c) => c.name === name)) problems.push(`the audit log's constraint ${name} (one chain, no fork) is missing`);
      }
      return problems;
    });
  }

  /**
   * What the connected role could do to the log that it should not (DESIGN §10: the runtime
   * role has only SELECT and INSERT on it): change or empty it, or switch its guards off.
   */
  roleWarnings(): Promise<string[]> {
    return this.session.use(async (sql) => {
      const { rows } = await sql.query<{
        role: string;
        superuser: boolean;
        owner: boolean;
        update: boolean;
        delete: boolean;
        truncate: boolean;
      }>(
        `SELECT current_user AS role, r.rolsuper AS superuser, pg_has_role(c.relowner, 'USAGE') AS owner,
           has_table_privilege('audit', 'UPDATE') AS update, has_table_privilege('audit', 'DELETE') AS delete,
           has_table_privilege('audit', 'TRUNCATE') AS truncate
         FROM pg_class c, pg_roles r WHERE c.oid = 'audit'::regclass AND r.rolname = current_user`,
      );
      const role = rows[0];
      if (!role) return [];
      const hint = 'run retention as a role with only SELECT and INSERT on the audit table (README: "When one server is not enough")';
      if (role.superuser)
        return [`the role ${role.role} is a superuser: it could switch off the audit log's triggers and edit it; ${hint}`];
      if (role.owner) return [`the role ${role.role} owns the audit table: it could disable its append-only triggers and edit it; ${hint}`];
      const may = (['update', 'delete', 'truncate'] as const)
        .filter((privilege) => role[privilege])
        .map((privilege) => privilege.toUpperCase());
      if (may.length === 0) return [];
      return [
        `the role ${role.role} may ${may.join(', ')} the audit table (only the triggers stop it): REVOKE ${may.join(', ')} ON audit FROM ${role.role}`,
      ];
    });
  }
}
