/**
 * A destruction certificate (for an auditor's file): what one run destroyed, under which rule
 * and approval, by whom and how, with each audit entry's hash and the chain head, so every line
 * can be checked against the log. Built only from the log and the store's approvals.
 */
import type { AuditEntry } from './entry.js';

export interface CertificateLine {
  record: string;
  category: string | null;
  rule: string | null;
  /** "automatic", or "plan <sha256> approved by NAME at TIME". */
  approval: string;
  destroyedAt: string;
  destroyedBy: string;
  /** The target and what it did, or the method a person confirmed for a manual record. */
  method: string;
  seq: number;
  hash: string;
}

export interface Certificate {
  run: string;
  startedAt: string | null;
  endedAt: string | null;
  status: string | null;
  policySha256: string | null;
  asOf: string | null;
  lines: CertificateLine[];
  failed: number;
  head: { seq: number; hash: string } | null;
  chainVerified: boolean;
}

export interface ApprovalFact {
  plan: string;
  approvedBy: string;
  approvedAt: string;
}

export function buildCertificate(
  run: string,
  entries: readonly AuditEntry[],
  approvals: readonly ApprovalFact[],
  head: { seq: number; hash: string } | null,
  chainVerified: boolean,
): Certificate {
  const start = entries.find((e) => e.action === 'run-start');
  const end = entries.find((e) => e.action === 'run-end');
  const lines = entries.filter((e) => e.action === 'deleted' || e.action === 'confirm').map((e) => lineOf(e, approvals));
  return {
    run,
    startedAt: start?.at ?? null,
    endedAt: end?.at ?? null,
    status: typeof end?.detail?.status === 'string' ? end.detail.status : null,
    policySha256: start?.policySha256 ?? null,
    asOf: typeof start?.detail?.asOf === 'string' ? start.detail.asOf : null,
    lines,
    failed: entries.filter((e) => e.action === 'failed').length,
    head,
    chainVerified,
  };
}

function lineOf(e: AuditEntry, approvals: readonly ApprovalFact[]): CertificateLine {
  const detail = e.detail ?? {};
  const text = (key: string) => (typeof detail[key] === 'string' ? (detail[key] as string) : null);
  const plan = text('plan');
  const approval = plan
    ? approvals
        .filter((a) => a.plan === plan)
        .map((a) => `plan ${plan} approved by ${a.approvedBy} at ${a.approvedAt}`)
        .join('; ') || `plan ${plan}`
    : (text('approval') ?? (e.action === 'confirm' ? 'confirmed by a person' : 'automatic'));
  const method =
    e.action === 'confirm' ? `manual: ${text('method') ?? 'unspecified'}` : `${text('target') ?? 'target'}: ${text('result') ?? 'deleted'}`;
  return {
    record: e.record ?? '',
    category: e.category,
    rule: e.rule,
    approval,
    destroyedAt: e.at,
    destroyedBy: e.actor,
    method,
    seq: e.seq,
    hash: e.hash,
  };
}
