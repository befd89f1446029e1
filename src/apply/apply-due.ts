/**
 * `apply [PLAN.json]`: what the run may carry out (automatic rules and approved plans, or that
 * one approved plan), the run itself, and the policy's warnings, logged once per version.
 */
import { policyWarningsDetail } from '../audit/policy-warnings.js';
import type { Problem } from '../errors.js';
import { asError } from '../error-details.js';
import { carryOutRules } from './carry-out.js';
import { runApply, type ApplyOptions, type ApplyResult } from './run-apply.js';
import { refuseTablesAgainstLog } from './tables-agree.js';
import { policyChangedEntry, policyChangeToLog, type PolicyChange } from './policy-change.js';
import type { InRun } from '../store/types.js';

export interface ApplyRequest extends Omit<ApplyOptions, 'carryOut'> {
  /** Carry out this approved plan only; undefined for automatic rules and every approved plan. */
  planFile: string | undefined;
  /** The policy's warnings: unattended, they go to the log instead of the screen. */
  policyWarnings: readonly Problem[];
  /** Where a relative `planFile` starts: the command's working directory. */
  cwd?: string;
  /** The policy's text, kept in the store so that the next version can be compared with it. */
  policyText: string;
}

export interface ApplyDueResult extends ApplyResult {
  /** The first run under a new policy version: what changed since the last one (logged as `policy-changed`); else null. */
  policyChanged: PolicyChange | null;
  /** Keeping the policy's text and warnings after the run failed (the run itself is as `report` and `error` say); else null. */
  afterRun: Error | null;
}

/**
 * @throws RetentionError before anything is deleted (tables that disagree with the log, a
 * refused plan, a target that fails its check, a safety limit, the lock); once deleting has
 * begun, errors are in the result.
 */
export async function applyDue(request: ApplyRequest): Promise<ApplyDueResult> {
  const { store, planFile, policyWarnings, cwd, policyText, ...options } = request;
  await refuseTablesAgainstLog(store);
  // Plan validity is judged on the real date, whatever `asOf` says.
  const carryOut = await carryOutRules(store, planFile, { policySha256: options.policySha256, today: options.today }, cwd);
  // Counted before the run deletes anything, and logged at its start, before any intent.
  const policyChanged = await policyChangeToLog(store, { policy: options.policy, sha256: options.policySha256 }, options.asOf);
  const openingEntries = policyChanged ? (by: InRun) => [policyChangedEntry(policyChanged, by)] : undefined;
  const applied = await runApply({ ...options, store, carryOut, openingEntries });
  // After the run, whatever it did: a store failing now (its connection lost, a full disk) is
  // reported beside the run's counts (exit 1), never thrown as "nothing changed" (exit 2) with
  // the counts lost, and never as the run's own error, which its run-end entry would contradict.
  let afterRun: Error | null = null;
  try {
    await store.keepPolicyText(options.policySha256, policyText);
    if (policyWarnings.length > 0) {
      await store.appendPolicyWarnings(policyWarningsDetail(policyWarnings), {
        actor: options.actor,
        run: applied.run,
        policySha256: options.policySha256,
      });
    }
  } catch (failure) {
    afterRun = asError(failure);
  }
  return { ...applied, policyChanged, afterRun };
}
