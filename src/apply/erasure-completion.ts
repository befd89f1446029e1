/**
 * When a run leaves no erasable record of a subject's erasure request undeleted, the log
 * gets one `erasure-completed` entry for that subject — the proof a DPO shows that the
 * request was answered (DESIGN §4.5).
 */
import type { CompiledPolicy, Decision } from '../engine/types.js';
import { HoldIndex } from '../planner/hold-index.js';
import { runPlan } from '../planner/planner.js';
import type { ErasureRequestSummary } from '../planner/erasure-requests.js';
import { recordsNotDecided } from '../planner/records-not-decided.js';
import { auditColumns } from '../store/audit-context.js';
import type { AuditContext, AuditDraft, AuditLog, Holds, Inventory } from '../store/types.js';

/**
 * `requests` as planned at the start of the run; `deleted` = records gone by its end.
 * A request with nothing erasable left at the start was completed by an earlier run, and a
 * request already logged as completed is not logged again. A subject with a record the
 * latest import no longer listed, or that a person forgot, is not complete: that record is not
 * decided, and may be erasable and still somewhere.
 */
export async function recordCompletedErasures(
  store: AuditLog & Pick<Inventory, 'noLongerListed'>,
  requests: readonly ErasureRequestSummary[],
  deleted: ReadonlySet<string>,
  by: AuditContext,
): Promise<number> {
  const drafts: AuditDraft[] = [];
  const unexplained = await subjectsNotDecided(store);
  for (const request of requests) {
    if (request.due.length === 0 || request.due.some((id) => !deleted.has(id)) || unexplained.has(request.subject)) continue;
    if (await alreadyCompleted(store, request)) continue;
    const stillDue = request.dueByRule.filter((id) => !deleted.has(id)).length;
    drafts.push(completionEntry(request, await destroyedSinceRequest(store, request), stillDue, by));
  }
  if (drafts.length > 0) await store.appendAudit(drafts);
  return drafts.length;
}

/**
 * After `confirm` closed the worklist line of `confirmed` (a record on a manual target, now a
 * tombstone): when it was erasable under an erasure request and no erasable record of that
 * request is left, the request is complete. An apply run cannot see this later — by then the
 * paper record is no longer in the plan at all — so it is checked here. Re-plans the store as
 * of `asOf` (confirm is rare and done by hand). Returns whether an entry was appended.
 */
export async function recordErasureCompletedByConfirmation(
  store: Inventory & Holds & AuditLog,
  policy: CompiledPolicy,
  asOf: string,
  confirmed: Decision,
  by: AuditContext,
): Promise<boolean> {
  const erasure = confirmed.erasure;
  if (!erasure?.erasable) return false;
  const subject = confirmed.subject ?? confirmed.id;
  const summary = await runPlan(
    policy,
    store.streamFacts(),
    new HoldIndex(await store.activeHolds()),
    { asOf, horizonEnd: asOf },
    () => {},
  );
  const remaining = summary.erasureRequests.find((r) => r.subject === subject);
  if ((remaining && remaining.due.length > 0) || (await subjectsNotDecided(store)).has(subject)) return false;
  if (await alreadyCompleted(store, { subject, requested: erasure.requested })) return false;
  const request = { subject, requested: erasure.requested, deadline: erasure.deadline, kept: remaining?.kept ?? [] };
  const destroyed = await destroyedSinceRequest(store, request);
  await store.appendAudit([completionEntry(request, destroyed, remaining?.dueByRule.length ?? 0, by)]);
  return true;
}

/** Subjects (a record without one stands for itself, as in erasure requests) with records no longer listed or forgotten: nothing proves them erased. */
async function subjectsNotDecided(store: AuditLog & Pick<Inventory, 'noLongerListed'>): Promise<Set<string>> {
  return new Set((await recordsNotDecided(store)).map((r) => r.subject ?? r.id));
}

/** The `erasure-completed` entry: the request's dates, and how many records went and stayed. */
/**
 * The `erasure-completed` entry: the request's dates, and what became of each of the subject's
 * records: `deleted` since the request (by any run, or confirmed destroyed by hand), `kept`
 * (not due: an exemption or a hold keeps them), `stillDue` (due under their own rule, not yet
 * deleted, e.g. awaiting a plan's approval).
 */
function completionEntry(
  request: Pick<ErasureRequestSummary, 'subject' | 'requested' | 'deadline' | 'kept'>,
  deleted: number,
  stillDue: number,
  by: AuditContext,
): AuditDraft {
  return {
    ...auditColumns(by),
    action: 'erasure-completed',
    subject: request.subject,
    detail: { requested: request.requested, deadline: request.deadline, deleted, kept: request.kept.length, stillDue },
  };
}

/** How many of the subject's records the log shows deleted or confirmed destroyed on or after the request's date. */
async function destroyedSinceRequest(store: AuditLog, request: Pick<ErasureRequestSummary, 'subject' | 'requested'>): Promise<number> {
  const destroyed = new Set<string>();
  for await (const e of store.auditEntries({ subject: request.subject, since: request.requested })) {
    if ((e.action === 'deleted' || e.action === 'confirm') && e.record !== null) destroyed.add(e.record);
  }
  return destroyed.size;
}

async function alreadyCompleted(store: AuditLog, request: Pick<ErasureRequestSummary, 'subject' | 'requested'>): Promise<boolean> {
  for await (const e of store.auditEntries({ subject: request.subject, action: 'erasure-completed' })) {
    if (e.detail?.requested === request.requested) return true;
  }
  return false;
}
