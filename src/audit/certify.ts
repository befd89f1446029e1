/** `audit certificate --run RUN`: the destruction certificate of one run, from the store's log and approvals. */
import type { AuditEntry } from '../audit-entry.js';
import { usageError } from '../errors.js';
import type { AuditLog, SavedPlans } from '../store/types.js';
import { buildCertificate, type Certificate } from './certificate.js';
import { verified, verifyStore } from './verify-store.js';

/**
 * Gathers a run's entries and approvals; the whole chain is verified so the certificate can say so.
 * @throws RetentionError `run.not-found` when the log has no such run.
 */
export async function certifyRun(store: AuditLog & SavedPlans, run: string): Promise<Certificate> {
  const entries: AuditEntry[] = [];
  for await (const entry of store.auditEntries({ run })) entries.push(entry);
  if (!entries.some((e) => e.action === 'run-start')) {
    throw usageError('run.not-found', `no run "${run}" in the audit log — list runs with: retention audit list --action run-start`, {
      run,
    });
  }
  const approvals = (await store.approvedPlans()).flatMap(({ approvals }) =>
    approvals.map((a) => ({ plan: a.planSha256, approvedBy: a.approvedBy, approvedAt: a.approvedAt, note: a.note })),
  );
  return buildCertificate(run, entries, approvals, await store.auditHead(), verified(await verifyStore(store, null)));
}
