/**
 * Erasure requests (UK GDPR art. 17, DESIGN §4.5): when a run leaves no erasable record of a
 * subject's request undeleted, the log gets one `erasure-completed` entry for that subject —
 * the proof a DPO shows that the request was answered.
 */
import type { Decision } from '../engine/types.js';
import type { AuditDraft, Store } from '../store/types.js';

interface RequestState {
  subject: string;
  requested: string;
  deadline: string;
  /** Erasable records still due (not yet deleted). */
  outstanding: Set<string>;
  /** Records kept under an exemption or a hold. */
  kept: number;
}

export class ErasureTracker {
  private readonly requests = new Map<string, RequestState>();

  observe(decision: Decision): void {
    const erasure = decision.erasure;
    if (!erasure) return;
    const subject = decision.subject ?? decision.id;
    let state = this.requests.get(subject);
    if (!state) {
      state = { subject, requested: erasure.requested, deadline: erasure.deadline, outstanding: new Set(), kept: 0 };
      this.requests.set(subject, state);
    }
    if (decision.status === 'due' && erasure.erasable) state.outstanding.add(decision.id);
    else state.kept += 1;
  }

  /**
   * After the deletions: one entry per subject whose erasable records are all gone now and
   * whose request has no `erasure-completed` entry yet (a later run must not repeat it).
   */
  async recordCompleted(store: Store, deleted: ReadonlySet<string>, entry: { actor: string; run: string; policySha256: string }): Promise<number> {
    const drafts: AuditDraft[] = [];
    for (const state of this.requests.values()) {
      const remaining = [...state.outstanding].filter((id) => !deleted.has(id));
      if (remaining.length > 0 || state.outstanding.size === 0) continue;
      if (await alreadyCompleted(store, state)) continue;
      drafts.push({
        actor: entry.actor,
        action: 'erasure-completed',
        run: entry.run,
        subject: state.subject,
        policySha256: entry.policySha256,
        detail: { requested: state.requested, deadline: state.deadline, deleted: state.outstanding.size, kept: state.kept },
      });
    }
    if (drafts.length > 0) await store.appendAudit(drafts);
    return drafts.length;
  }
}

async function alreadyCompleted(store: Store, state: RequestState): Promise<boolean> {
  for await (const e of store.auditEntries({ subject: state.subject, action: 'erasure-completed' })) {
    if (e.detail?.requested === state.requested) return true;
  }
  return false;
}
