import type { PlanRenderer, RendererFactory, PlanHeader } from './renderer.js';
import { decisionJson, type DecisionJson } from './decision-json.js';

/**
 * One JSON object (DESIGN §5). JSON is the small-plan format, so it is built whole and printed
 * in the contract's member order; big inventories stream through ndjson or csv instead.
 */
export const jsonRenderer: RendererFactory = (out): PlanRenderer => {
  let header: PlanHeader;
  const decisions: DecisionJson[] = [];
  return {
    async begin(h) {
      header = h;
    },
    async batch(batch) {
      for (const d of batch) decisions.push(decisionJson(d));
    },
    async end(summary, { impact } = {}) {
      // `comparison` only with --compare, after the contract's members.
      const plan = { asOf: header.asOf, policy: header.policy, summary, decisions, ...(impact ? { comparison: impact } : {}) };
      await out.write(`${JSON.stringify(plan, null, 2)}\n`);
    },
  };
};
