import { csvText } from '../../../csv-output.js';
import { approvalNotes, type Certificate } from '../../../audit/certificate.js';

/** One row per destroyed record; the chain head and whether the chain verified repeat on each row so any row stands alone. */
export function certificateCsv(c: Certificate): string {
  const header = [
    'run',
    'record',
    'category',
    'rule',
    'approval',
    'approval_note',
    'destroyed_at',
    'destroyed_by',
    'method',
    'audit_seq',
    'audit_hash',
    'chain_head_seq',
    'chain_head_hash',
    'chain_verified',
  ];
  const rows = c.lines.map((l) => [
    c.run,
    l.record,
    l.category,
    l.rule,
    l.approval,
    approvalNotes(l) || null,
    l.destroyedAt,
    l.destroyedBy,
    l.method,
    l.seq,
    l.hash,
    c.head?.seq ?? null,
    c.head?.hash ?? null,
    String(c.chainVerified),
  ]);
  return csvText([header, ...rows], 'crlf');
}
