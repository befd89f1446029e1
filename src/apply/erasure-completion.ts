/**
 * When a run leaves no erasable record of a subject's erasure request undeleted, the log
 * gets one `erasure-completed` entry for that subject — the proof a DPO shows that the
 * request was answered (DESIGN §4.5).
 */
import type { ErasureRequestSummary } from '../plan/erasure-requests.js';
import type { AuditDraft, Store } from '../store/types.js';

/**
 * `requests` as planned at the start of the run; `deleted` = records gone by its end.
 * A request with nothing erasable left at the start was completed by an earlier run, and a
 * request already logged as completed is not logged again.
 */
export async function recordCompletedErasures(
  store: Store,
  requests: readonly ErasureRequestSummary[],
  deleted: ReadonlySet<string>,
  entry: { actor: string; run: string; policySha256: string },
): Promise<number> {
  const drafts: AuditDraft[] = [];
  for (const request of requests) {
    if (request.due.length === 0 || request.due.some((id) => !deleted.has(id))) continue;
    if (await alreadyCompleted(store, request)) continue;
    drafts.push({
      actor: entry.actor,
      action: 'erasure-completed',
      run: entry.run,
      subject: request.subject,
      policySha256: entry.policySha256,
      detail: { requested: request.requested, deadline: request.deadline, deleted: request.due.length, kept: request.kept.length },
    });
  }
  if (drafts.length > 0) await store.appendAudit(drafts);
  return drafts.length;
}

async function alreadyCompleted(store: Store, request: ErasureRequestSummary): Promise<boolean> {
  for await (const e of store.auditEntries({ subject: request.subject, action: 'erasure-completed' })) {
    if (e.detail?.requested === request.requested) return true;
  }
  return false;
}
