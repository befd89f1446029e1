/**
 * Moving a store to another kind of store (`retention store copy`, DESIGN §10): every row of
 * every table as it is — the audit log entry for entry, with the very text that was hashed —
 * in a shape that every kind reads and writes. Both kinds have these tables with these
 * columns. Not copied: a kind's own bookkeeping (schema version, the SQLite run lease).
 */
import { AUDIT_COLUMNS } from './rows/audit.js';

/** Table by table, in an order that satisfies the references between them. */
export const COPIED_TABLE_NAMES = [
  'meta',
  'records',
  'events',
  'holds',
  'runs',
  'plans',
  'approvals',
  'confirmations',
  'audit',
  'intents',
  'policy_texts',
] as const;
export type CopiedTable = (typeof COPIED_TABLE_NAMES)[number];

/** The columns of each table, in the order of a RowBatch's values, and the order rows are copied in. */
export const COPIED_TABLES: Readonly<Record<CopiedTable, { readonly columns: readonly string[]; readonly order: string }>> = {
  meta: { columns: ['key', 'value'], order: 'key' },
  records: {
    columns: [
      'id',
      'subject',
      'category',
      'created',
      'location',
      'events',
      'flags',
      'imported_at',
      'deleted_at',
      'deleted_run',
      'deleted_rule',
      'reappeared_at',
      'listed_again_at',
      'unlisted_at',
      'forgotten_at',
      'forgotten_by',
      'forget_reason',
      'deleted_fingerprint',
    ],
    order: 'id',
  },
  events: {
    columns: ['id', 'num', 'scope', 'ref', 'event', 'date', 'added_by', 'added_at', 'removed_at', 'removed_by', 'remove_reason', 'source'],
    order: 'num',
  },
  holds: {
    columns: ['id', 'num', 'scope', 'ref', 'reason', 'until', 'created_at', 'created_by', 'released_at', 'released_by', 'release_reason'],
    order: 'num',
  },
  runs: { columns: ['id', 'kind', 'actor', 'policy_sha256', 'started_at', 'ended_at', 'status', 'summary'], order: 'started_at, id' },
  plans: { columns: ['sha256', 'created_at', 'as_of', 'policy_sha256', 'store_id', 'valid_until', 'body'], order: 'created_at, sha256' },
  approvals: { columns: ['plan_sha256', 'approved_by', 'approved_at', 'note'], order: 'approved_at, plan_sha256' },
  confirmations: { columns: ['record', 'by', 'method', 'at', 'note'], order: 'at, record' },
  audit: { columns: AUDIT_COLUMNS, order: 'seq' },
  intents: { columns: ['record', 'run', 'intent_seq', 'target', 'ref_sha256'], order: 'intent_seq' },
  policy_texts: { columns: ['sha256', 'text', 'kept_at'], order: 'sha256' },
};

export type CopiedValue = string | number | null;

/** Some rows of one table, each with its values in COPIED_TABLES order. */
export interface RowBatch {
  readonly table: CopiedTable;
  readonly rows: readonly (readonly CopiedValue[])[];
}

/** Rows copied, by table. */
export type CopyCounts = ReadonlyMap<CopiedTable, number>;

export interface StoreCopy {
  /** Every row of every table, table by table in COPIED_TABLES order, in batches, all from one snapshot of the store. */
  copyOut(): AsyncIterable<RowBatch>;
  /**
   * Writes what copyOut gave into this store, which must hold nothing yet (a usage error
   * otherwise), in one transaction; the store takes the source's id, so that saved plans
   * still name it.
   */
  copyIn(batches: AsyncIterable<RowBatch>): Promise<CopyCounts>;
}
