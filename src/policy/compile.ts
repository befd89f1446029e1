/** Step 4 of loading a policy: a valid document → the engine's `CompiledPolicy`, defaults filled in. */
import type { CompiledPolicy, CompiledReview, CompiledRule, Retention } from '../engine/types.js';
import type { PolicyDocument, RuleDocument } from './schema.js';
import type { Approval } from '../vocabulary.js';

const DEFAULT_APPROVAL: Approval = 'required';
const DEFAULT_FINANCIAL_YEAR_END = { month: 3, day: 31 };

/** Compiles a document that passed the schema and the semantic checks (not re-checked here). */
export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  const approval = doc.approval ?? DEFAULT_APPROVAL;
  return {
    organisation: doc.organisation,
    timezone: doc.timezone,
    financialYearEnd: doc.financial_year_end ? parseMonthDay(doc.financial_year_end) : { ...DEFAULT_FINANCIAL_YEAR_END },
    rules: doc.rules.map((rule) => compileRule(rule, approval)),
  };
}

function compileRule(rule: RuleDocument, defaultApproval: Approval): CompiledRule {
  const category = rule.match.category;
  return {
    id: rule.id,
    title: rule.title ?? null,
    source: rule.source ?? null,
    categories: Array.isArray(category) ? [...category] : [category],
    basis: rule.basis ?? null,
    retain: compileRetention(rule.retain),
    eraseOn: rule.erase_on ? [...rule.erase_on] : [],
    holdWhile: rule.hold_while ? [...rule.hold_while] : [],
    review: rule.review ? compileReview(rule.review) : null,
    approval: rule.approval ?? defaultApproval,
  };
}

function compileRetention(retain: RuleDocument['retain']): Retention {
  if (retain === 'indefinitely') return { kind: 'indefinitely' };
  const cutoff = retain.cutoff ?? null;
  if (retain.until !== undefined) return { kind: 'after-event', event: retain.until, period: 'P0D', cutoff, form: 'until' };
  // The semantic checks guarantee `from` and `for` come together when `until` is absent.
  return { kind: 'after-event', event: retain.from ?? '', period: retain.for ?? '', cutoff, form: 'from' };
}

function compileReview(review: NonNullable<RuleDocument['review']>): CompiledReview {
  return { every: review.every ?? null, from: review.from ? [...review.from] : [], ifNoEventAfter: review.if_no_event_after ?? null };
}

function parseMonthDay(text: string): { month: number; day: number } {
  const [month, day] = text.split('-').map(Number);
  return { month: month ?? 0, day: day ?? 0 };
}
