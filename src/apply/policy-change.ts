/**
 * The first apply under a new policy version (issue 12): a `policy-changed` entry with the old
 * and new SHA-256 and how many decisions the change altered, counted over the store's records
 * before the run deletes anything (the old version decided as `plan --compare` does). The old
 * version's text comes from the store, which keeps each applied version's; a store whose
 * earlier runs predate that gets the hashes alone.
 */
import type { AuditDraft } from '../audit-entry.js';
import type { CompiledPolicy } from '../engine/types.js';
import { HoldIndex } from '../planner/hold-index.js';
import { runPlan } from '../planner/planner.js';
import { PolicyImpactCollector } from '../planner/policy-impact.js';
import { loadPolicyText } from '../policy/load.js';
import type { Holds, InRun, Inventory, PolicyVersions } from '../store/types.js';

export interface PolicyChange {
  oldSha256: string;
  newSha256: string;
  /** Records compared and decided differently; null when the old version's text is not in the store. */
  records: number | null;
  changed: number | null;
  /** Rule → "4 records kept 1 year longer; 1 no longer due", as `plan --compare` words it. */
  lines: string[];
}

/** What changed since the version the last apply ran under, if that change is not logged yet; null otherwise. */
export async function policyChangeToLog(
  store: PolicyVersions & Inventory & Holds,
  current: { policy: CompiledPolicy; sha256: string },
  asOf: string,
): Promise<PolicyChange | null> {
  const unlogged = await store.unloggedPolicyChange(current.sha256);
  if (unlogged === null) return null;
  const change = { oldSha256: unlogged.previousSha256, newSha256: current.sha256 };
  const old = unlogged.previousText === null ? null : loadPolicyText(unlogged.previousText, 'the policy applied before').policy;
  if (old === null) return { ...change, records: null, changed: null, lines: [] };
  const holds = new HoldIndex(await store.activeHolds());
  const impact = new PolicyImpactCollector(
    { policy: old, file: 'the policy applied before', sha256: change.oldSha256 },
    holds,
    asOf,
    false,
  );
  await runPlan(current.policy, store.streamFacts(), holds, { asOf, horizonEnd: asOf }, (decisions, facts) =>
    impact.observe(decisions, facts),
  );
  const { records, changed, lines } = impact.result();
  return { ...change, records, changed, lines };
}

/** The `policy-changed` entry of the run `by`; the counts per rule go in `detail.changes` (rule → words). */
export function policyChangedEntry(change: PolicyChange, by: InRun): AuditDraft {
  const changes: Record<string, string> = {};
  for (const line of change.lines) {
    const at = line.indexOf(': ');
    changes[line.slice(0, at)] = line.slice(at + 2);
  }
  return {
    actor: by.actor,
    action: 'policy-changed',
    run: by.run,
    policySha256: change.newSha256,
    detail: { oldSha256: change.oldSha256, newSha256: change.newSha256, records: change.records, changed: change.changed, changes },
  };
}
