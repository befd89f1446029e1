/**
 * The audit table of the SQLite store: the one place where entries are chained and
 * written, and the reader for `audit list/export/verify`.
 */
import type Database from 'better-sqlite3';
import { GENESIS_PREV, sealEntry, type AuditDraft, type AuditEntry } from '../audit-entry.js';
import type { AuditFilter, AuditHead, AuditLink } from './types.js';
import { AUDIT_COLUMNS, entryToTuple, filterConditions, tupleToEntry, type AuditTuple } from './rows/audit.js';
import { linkPages } from './rows/audit-links.js';

const READ_BATCH = 1000;
/** Entries per INSERT statement when a batch appends many (a deletion batch appends two per record). */
const GROUP = 32;

export class SqliteAuditLog {
  private readonly selectHead: Database.Statement<[], AuditHead>;
  private readonly insert: Database.Statement<AuditTuple>;
  private readonly insertGroup: Database.Statement<unknown[]>;
  /** One array of GROUP entries' columns, filled afresh for each group. */
  private readonly groupParameters: unknown[] = new Array<unknown>(GROUP * AUDIT_COLUMNS.length);
  private readonly selectPolicyWarnings: Database.Statement<[string], number>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {
    this.selectHead = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    // Positional, bound from entryToTuple: a batch of deletions appends two entries per record.
    const row = `(${AUDIT_COLUMNS.map(() => '?').join(', ')})`;
    this.insert = db.prepare<AuditTuple>(`INSERT INTO audit (${AUDIT_COLUMNS.join(', ')}) VALUES ${row}`);
    // A statement per entry cost more in binding and stepping than SQLite's own work of the row.
    this.insertGroup = db.prepare(`INSERT INTO audit (${AUDIT_COLUMNS.join(', ')}) VALUES ${new Array(GROUP).fill(row).join(', ')}`);
    // The action is a literal so that SQLite can use the partial index audit_policy_warnings.
    this.selectPolicyWarnings = db
      .prepare<[string], number>("SELECT 1 FROM audit WHERE action = 'policy-warnings' AND policy_sha256 = ? LIMIT 1")
      .pluck();
  }

  /** Whether this policy version's warnings are in the log already. */
  hasPolicyWarnings(policySha256: string): boolean {
    return this.selectPolicyWarnings.get(policySha256) !== undefined;
  }

  /**
   * Chains and writes the drafts. MUST run inside an immediate transaction: the head is read
   * under the write lock, so two processes can never give out the same seq.
   */
  appendInTx(drafts: readonly AuditDraft[]): AuditEntry[] {
    if (!this.db.inTransaction) throw new Error('audit entries must be appended inside a transaction (this is a bug)');
    const head = this.selectHead.get();
    let seq = head?.seq ?? 0;
    let prev = head?.hash ?? GENESIS_PREV;
    const at = this.now().toISOString();
    const entries = drafts.map((draft) => {
      seq += 1;
      const entry = sealEntry(draft, seq, at, prev);
      prev = entry.hash;
      return entry;
    });
    const grouped = entries.length - (entries.length % GROUP);
    // Spread, not an array: better-sqlite3 reads an array's values by generic lookups (as the import's groups found).
    for (let from = 0; from < grouped; from += GROUP) this.insertGroup.run(...this.groupOf(entries, from));
    for (let i = grouped; i < entries.length; i++) this.insert.run(...entryToTuple(entries[i]!));
    return entries;
  }

  /** The columns of the GROUP entries from `from` on, in the reused parameter array. */
  private groupOf(entries: readonly AuditEntry[], from: number): unknown[] {
    const parameters = this.groupParameters;
    let at = 0;
    for (let i = from; i < from + GROUP; i++) for (const value of entryToTuple(entries[i]!)) parameters[at++] = value;
    return parameters;
  }

  head(): AuditHead | null {
    return this.selectHead.get() ?? null;
  }

  /**
   * Entries in seq order, read in batches so that no statement stays open between yields
   * (the caller may use the store while it iterates).
   */
  async *entries(filter: AuditFilter = {}): AsyncIterable<AuditEntry> {
    for await (const rows of this.pages(filter)) for (const row of rows) yield tupleToEntry(row);
  }

  /** The whole log in seq order as `audit verify` checks it, a batch of links at a time (rows/audit-links.ts). */
  links(): AsyncIterable<AuditLink[]> {
    return linkPages(this.pages({}));
  }

  /** The rows that match the filter, in seq order, a batch at a time. */
  private async *pages(filter: AuditFilter): AsyncIterable<AuditTuple[]> {
    const { where, params } = filterClause(filter);
    const page = this.db
      .prepare<Record<string, string | number>, AuditTuple>(
        `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit WHERE seq > @after ${where} ORDER BY seq LIMIT ${READ_BATCH}`,
      )
      .raw();
    // From below every seq, not from 0: a row given seq 0 or less by hand (PostgreSQL's CHECK
    // refuses one, SQLite's INTEGER PRIMARY KEY takes any) is read, and the chain fails on it,
    // instead of a forged deletion entry outside the chain explaining a forged tombstone.
    let after = -Infinity;
    for (;;) {
      const rows = page.all({ ...params, after });
      if (rows.length > 0) yield rows;
      const last = rows.at(-1);
      if (!last || rows.length < READ_BATCH) return;
      after = last[0];
    }
  }
}

function filterClause(filter: AuditFilter): { where: string; params: Record<string, string> } {
  const { equal, since } = filterConditions(filter);
  const conditions = equal.map(([column]) => `AND ${column} = @${column}`);
  const params: Record<string, string> = Object.fromEntries(equal);
  if (since !== null) {
    conditions.push('AND at >= @since');
    params.since = since;
  }
  return { where: conditions.join(' '), params };
}
