/** The audit table as every kind of store holds it: `at` and `detail` as the exact text that was hashed (DESIGN §7, §10). */
import type { AuditEntry } from '../../audit-entry.js';
import { storedDetail } from '../stored-values.js';
import type { AuditFilter } from '../audit-log.js';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  run: string | null;
  record: string | null;
  subject: string | null;
  category: string | null;
  rule: string | null;
  policy_sha256: string | null;
  detail: string | null;
  prev: string;
  hash: string;
}

/** The columns of the audit table, in order. */
export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'actor',
  'action',
  'run',
  'record',
  'subject',
  'category',
  'rule',
  'policy_sha256',
  'detail',
  'prev',
  'hash',
] as const;

/**
 * An entry's row as a tuple in AUDIT_COLUMNS order, for a positional insert (no object per row
 * to bind by name): `detail` as JSON text, which reads back as the same object (and so the same JCS bytes).
 */
export function entryToTuple(entry: AuditEntry): AuditTuple {
  return [
    entry.seq,
    entry.at,
    entry.actor,
    entry.action,
    entry.run,
    entry.record,
    entry.subject,
    entry.category,
    entry.rule,
    entry.policySha256,
    entry.detail === null ? null : JSON.stringify(entry.detail),
    entry.prev,
    entry.hash,
  ];
}

/**
 * A row read as a tuple in AUDIT_COLUMNS order: `audit verify` reads a million of them, and a
 * tuple costs the driver no object per row.
 */
export type AuditTuple = [
  seq: number,
  at: string,
  actor: string,
  action: string,
  run: string | null,
  record: string | null,
  subject: string | null,
  category: string | null,
  rule: string | null,
  policySha256: string | null,
  detail: string | null,
  prev: string,
  hash: string,
];

export function tupleToEntry([
  seq,
  at,
  actor,
  action,
  run,
  record,
  subject,
  category,
  rule,
  policySha256,
  detail,
  prev,
  hash,
]: AuditTuple): AuditEntry {
  return {
    seq,
    at,
    actor,
    action,
    run,
    record,
    subject,
    category,
    rule,
    policySha256,
    detail: detail === null ? null : storedDetail(detail, seq),
    prev,
    hash,
  };
}

/** The filters that compare a column with the given value; `since` compares `at` as text (ISO text sorts in time order). */
const FILTER_COLUMNS = { record: 'record', subject: 'subject', run: 'run', action: 'action' } as const;

/** The filter's conditions as [column, value] pairs, `since` last as ['at', value] (a plain date is the start of that UTC day). */
export function filterConditions(filter: AuditFilter): { equal: [string, string][]; since: string | null } {
  const equal: [string, string][] = [];
  for (const [key, column] of Object.entries(FILTER_COLUMNS)) {
    const value = filter[key as keyof typeof FILTER_COLUMNS];
    if (value !== undefined) equal.push([column, value]);
  }
  return { equal, since: filter.since ?? null };
}
