/**
 * Who a write to the store is done by, and in which run and under which policy version: the
 * one shape every writing method of the store takes, as its argument `by`, after the data it
 * writes. The audit entries the write appends get their `actor`, `run` and `policySha256`
 * columns from it (an entry about something that names its own — an approval, its plan's
 * policy version — keeps that).
 */
export interface AuditContext {
  /** The person (`--by`), the config's `actor:`, or the OS user. */
  readonly actor: string;
  /** The run the write belongs to; null or absent outside a run. */
  readonly run?: string | null;
  /** The SHA-256 of the policy the write was decided under; null or absent when none was. */
  readonly policySha256?: string | null;
}

/** The context of a write that only happens inside a run (the journal). */
export interface InRun extends AuditContext {
  readonly run: string;
}

/** The columns an entry gets from the context of the write that appends it. */
export function auditColumns(by: AuditContext): { actor: string; run: string | null; policySha256: string | null } {
  return { actor: by.actor, run: by.run ?? null, policySha256: by.policySha256 ?? null };
}
