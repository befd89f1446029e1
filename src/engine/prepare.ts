/**
 * Per-policy lookups the engine would otherwise redo for every record: which rules match a
 * category, and which events erase under each rule. Built once per policy object and kept
 * in a WeakMap, so a compiled policy must not be mutated after its first decision.
 */
import type { CompiledPolicy, CompiledRule } from './types.js';
import { erasingEvents } from './erasure.js';

/** A rule with the facts about it that do not depend on the record. */
export interface PreparedRule {
  rule: CompiledRule;
  /** `erase_on`, plus `erasure_requested` when the request can erase under this rule. */
  eraseEvents: readonly string[];
}

/** The rules matching one category, in policy order, and their ids (shared, frozen). */
export interface CategoryRules {
  rules: readonly PreparedRule[];
  ids: readonly string[];
}

interface PreparedPolicy {
  byCategory: Map<string, CategoryRules>;
  byId: Map<string, PreparedRule>;
}

const NO_RULES: CategoryRules = Object.freeze({ rules: Object.freeze([]), ids: Object.freeze([]) });
const prepared = new WeakMap<CompiledPolicy, PreparedPolicy>();

/** The rules whose `match.category` includes `category`, in policy order. */
export function rulesForCategory(policy: CompiledPolicy, category: string): CategoryRules {
  return preparedPolicy(policy).byCategory.get(category) ?? NO_RULES;
}

/** The policy's rule with this id, or undefined when the policy no longer has it. */
export function ruleById(policy: CompiledPolicy, id: string): PreparedRule | undefined {
  return preparedPolicy(policy).byId.get(id);
}

function preparedPolicy(policy: CompiledPolicy): PreparedPolicy {
  let entry = prepared.get(policy);
  if (entry === undefined) {
    entry = indexPolicy(policy);
    prepared.set(policy, entry);
  }
  return entry;
}

function indexPolicy(policy: CompiledPolicy): PreparedPolicy {
  const byId = new Map<string, PreparedRule>();
  const matching = new Map<string, PreparedRule[]>();
  for (const rule of policy.rules) {
    const entry: PreparedRule = Object.freeze({ rule, eraseEvents: Object.freeze(erasingEvents(rule)) });
    byId.set(rule.id, entry);
    for (const category of rule.categories) {
      const list = matching.get(category) ?? [];
      if (!list.includes(entry)) list.push(entry);
      matching.set(category, list);
    }
  }
  const byCategory = new Map<string, CategoryRules>();
  for (const [category, rules] of matching) {
    const ids = Object.freeze(rules.map((prepared) => prepared.rule.id));
    byCategory.set(category, Object.freeze({ rules: Object.freeze(rules), ids }));
  }
  return { byId, byCategory };
}
