import type { Decision } from '../../engine/types.js';
import type { PlanSummary } from '../../planner/summary.js';
import type { PlanWindow } from '../../planner/planner.js';
import type { CompiledPolicy } from '../../engine/types.js';
import type { Output } from '../output.js';
import type { PolicyImpact } from '../../planner/policy-impact.js';
import type { SinceLastPlan } from '../../planner/since-last-plan.js';

/** What a plan found beside its decisions and summary; absent or null when not asked for. */
export interface PlanExtras {
  /** The comparison with an older policy (`--compare`). */
  impact?: PolicyImpact | null;
  /** Since the plan saved last (the HTML report only). */
  since?: SinceLastPlan | null;
}

/** What every plan rendering knows before the first decision arrives. */
export interface PlanHeader {
  asOf: string;
  window: PlanWindow;
  horizon: string;
  policy: { file: string; sha256: string };
  compiled: CompiledPolicy;
  /**
   * Names of the config's `manual` targets (paper: a person destroys, `apply` only lists);
   * null when no config says which targets are manual.
   */
  manualTargets: ReadonlySet<string> | null;
}

/**
 * A plan output format. Decisions arrive in batches (already filtered by `--status`);
 * the summary of ALL decisions arrives at the end.
 */
export interface PlanRenderer {
  begin(header: PlanHeader): Promise<void>;
  batch(decisions: readonly Decision[]): Promise<void>;
  end(summary: PlanSummary, extras?: PlanExtras): Promise<void>;
}

export type RendererFactory = (out: Output) => PlanRenderer;
