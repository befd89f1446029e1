/**
 * Erasure requests (UK GDPR art. 17, DESIGN §4.5) gathered from a plan's decisions, one per
 * subject: the response deadline, the records the request makes due, and the records it
 * cannot erase with the exemption that keeps each. The plan, the report and `apply`'s
 * completion check all read the same list.
 */
import { erasureOutcome } from '../engine/erasure.js';
import type { Decision } from '../engine/types.js';
import type { RecordedEvent } from '../store/types.js';
import { ERASURE_REQUEST_EVENT } from '../vocabulary.js';

export interface ErasureRequestSummary {
  subject: string;
  requested: string;
  /** One calendar month after the request, clamped to the month's end. */
  deadline: string;
  /** Records the request makes due (erasable, not held). */
  due: string[];
  /**
   * Records the request cannot erase but that are due anyway under their own rule (deleted on
   * that rule's terms, e.g. once a plan is approved): neither to erase for the request nor kept.
   */
  dueByRule: string[];
  /** Records kept despite the request (not due), and why. */
  kept: { id: string; status: Decision['status']; exemption: string }[];
  /**
   * The subject's records the plan does not decide, so that nothing proves them erased: no
   * longer listed by the latest import, or forgotten by a person. While any is here the
   * request stays open (never logged as completed).
   */
  notErased: { id: string; why: string }[];
}

export class ErasureRequests {
  private readonly bySubject = new Map<string, ErasureRequestSummary>();

  observe(decision: Decision): void {
    const erasure = decision.erasure;
    if (!erasure) return;
    const subject = decision.subject ?? decision.id;
    let request = this.bySubject.get(subject);
    if (!request) {
      request = { subject, requested: erasure.requested, deadline: erasure.deadline, due: [], dueByRule: [], kept: [], notErased: [] };
      this.bySubject.set(subject, request);
    }
    if (decision.status === 'due') (erasure.erasable ? request.due : request.dueByRule).push(decision.id);
    else request.kept.push({ id: decision.id, status: decision.status, exemption: keptBecause(decision) });
  }

  /** Earliest deadline first: the order a DPO must answer them in; records by id within each. */
  list(): ErasureRequestSummary[] {
    for (const r of this.bySubject.values()) {
      r.due.sort();
      r.dueByRule.sort();
      r.kept.sort((a, b) => a.id.localeCompare(b.id));
    }
    return [...this.bySubject.values()].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.subject.localeCompare(b.subject));
  }
}

function keptBecause(decision: Decision): string {
  if (decision.status === 'held') {
    const holds = decision.holds.map((h) => h.id).join(', ');
    return `legal hold${holds ? ` ${holds}` : ''} — legal claims, art. 17(3)(e)`;
  }
  return decision.erasure?.exemption ?? 'kept by its rule';
}

/**
 * Erasure requests recorded for subjects the plan saw no live record of (a subject the store
 * holds nothing more of, or a mistyped id): listed with nothing to erase and nothing kept, so
 * that the request is still answered, until its response deadline. The earliest date counts.
 */
export function requestsWithoutLiveRecords(
  listed: readonly ErasureRequestSummary[],
  history: readonly RecordedEvent[],
  asOf: string,
): ErasureRequestSummary[] {
  const seen = new Set(listed.map((r) => r.subject));
  const earliest = new Map<string, string>();
  for (const e of history) {
    if (e.scope !== 'subject' || e.event !== ERASURE_REQUEST_EVENT || e.removedAt !== null || e.date > asOf || seen.has(e.ref)) continue;
    const known = earliest.get(e.ref);
    if (known === undefined || e.date < known) earliest.set(e.ref, e.date);
  }
  const added = [...earliest].flatMap(([subject, requested]) => {
    const { deadline } = erasureOutcome(requested, null);
    return deadline < asOf ? [] : [{ subject, requested, deadline, due: [], dueByRule: [], kept: [], notErased: [] }];
  });
  return [...listed, ...added].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.subject.localeCompare(b.subject));
}

/** A record of a subject that the plan does not decide: an import no longer lists it, or a person forgot it. */
export interface UndecidedRecord {
  id: string;
  /** Its subject; a record without one stands for itself, as in erasure requests. */
  subject: string | null;
  /** "no longer listed since 2026-11-02" / "forgotten on 2026-11-30 by Dee Pio". */
  state: string;
}

/**
 * Adds to each request the subject's records that nothing proves erased ("not erased —
 * forgotten on DATE by NAME"). A subject's request stays listed while it has such a record,
 * even past its response deadline: it is not answered. `history` is the recorded events.
 */
export function withRecordsNotErased(
  listed: readonly ErasureRequestSummary[],
  undecided: readonly UndecidedRecord[],
  history: readonly RecordedEvent[],
): ErasureRequestSummary[] {
  const bySubject = new Map(listed.map((r) => [r.subject, r]));
  const requested = new Map<string, string>();
  for (const e of history) {
    if (e.scope !== 'subject' || e.event !== ERASURE_REQUEST_EVENT || e.removedAt !== null) continue;
    const known = requested.get(e.ref);
    if (known === undefined || e.date < known) requested.set(e.ref, e.date);
  }
  for (const record of undecided) {
    const subject = record.subject ?? record.id;
    let request = bySubject.get(subject);
    const date = requested.get(subject);
    if (!request && date !== undefined) {
      request = {
        subject,
        requested: date,
        deadline: erasureOutcome(date, null).deadline,
        due: [],
        dueByRule: [],
        kept: [],
        notErased: [],
      };
      bySubject.set(subject, request);
    }
    request?.notErased.push({ id: record.id, why: `not erased — ${record.state}` });
  }
  for (const r of bySubject.values()) r.notErased.sort((a, b) => a.id.localeCompare(b.id));
  return [...bySubject.values()].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.subject.localeCompare(b.subject));
}
