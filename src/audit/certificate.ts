/**
 * A destruction certificate (for an auditor's file): what one run destroyed, under which rule
 * and approval, by whom and how, with each audit entry's hash and the chain head, so every line
 * can be checked against the log. Built only from the log and the store's approvals (whose
 * notes are shown here but never enter the log: they may name people).
 */
import type { AuditEntry } from '../audit-entry.js';

export interface CertificateLine {
  record: string;
  category: string | null;
  rule: string | null;
  /** "automatic", or "plan <sha256> approved by NAME at TIME". */
  approval: string;
  /** The approved plan that carried the deletion out (its SHA-256); null when none did. */
  plan: string | null;
  /** Who approved that plan, when, and their notes (`approve --note`). */
  approvals: readonly ApprovalFact[];
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
  note: string | null;
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
  const intents = new Map(entries.filter((e) => e.action === 'intent').map((e) => [e.seq, e]));
  const lines = entries.filter((e) => e.action === 'deleted' || e.action === 'confirm').map((e) => lineOf(e, intents, approvals));
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

/**
 * A `deleted` entry says what allowed it; a person's `confirm` does not, so its approval is the
 * one its intent (the run putting the record on the worklist) was journaled under. A log written
 * before intents carried it says only that a person confirmed.
 */
function lineOf(e: AuditEntry, intents: ReadonlyMap<number, AuditEntry>, approvals: readonly ApprovalFact[]): CertificateLine {
  const text = (entry: AuditEntry | undefined, key: string) => {
    const value = entry?.detail?.[key];
    return typeof value === 'string' ? value : null;
  };
  const intentSeq = e.detail?.intentSeq;
  const allowedBy = e.action !== 'confirm' ? e : typeof intentSeq === 'number' ? intents.get(intentSeq) : undefined;
  const plan = text(allowedBy, 'plan');
  const ofPlan = plan === null ? [] : approvals.filter((a) => a.plan === plan);
  const approval = plan
    ? ofPlan.map((a) => `plan ${plan} approved by ${a.approvedBy} at ${a.approvedAt}`).join('; ') || `plan ${plan}`
    : (text(allowedBy, 'approval') ?? (e.action === 'confirm' ? 'confirmed by a person' : 'automatic'));
  const method =
    e.action === 'confirm'
      ? `manual: ${text(e, 'method') ?? 'unspecified'}`
      : `${text(e, 'target') ?? 'target'}: ${text(e, 'result') ?? 'deleted'}`;
  return {
    record: e.record ?? '',
    category: e.category,
    rule: e.rule,
    approval,
    plan,
    approvals: ofPlan,
    destroyedAt: e.at,
    destroyedBy: e.actor,
    method,
    seq: e.seq,
    hash: e.hash,
  };
}

/** The notes of a line's approvals, in approval order ("" when there are none). */
export function approvalNotes(line: CertificateLine): string {
  return line.approvals.flatMap((a) => (a.note === null ? [] : [a.note])).join('; ');
}
