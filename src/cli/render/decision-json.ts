import type { Decision } from '../../engine/types.js';

/** The members of a decision in the plan's JSON contract (DESIGN §5), in that order. */
export interface DecisionJson {
  id: string;
  subject: string | null;
  category: string;
  status: Decision['status'];
  rule: string | null;
  rules: readonly string[];
  trigger: { event: string | null; date: string | null };
  retainUntil: string | null;
  eligibleFrom: string | null;
  approval: Decision['approval'];
  reason: string;
}

export function decisionJson(d: Decision): DecisionJson {
  return {
    id: d.id,
    subject: d.subject,
    category: d.category,
    status: d.status,
    rule: d.rule,
    rules: d.rules,
    trigger: d.trigger,
    retainUntil: d.retainUntil,
    eligibleFrom: d.eligibleFrom,
    approval: d.approval,
    reason: d.reason,
  };
}

export const CSV_COLUMNS = [
  'id',
  'subject',
  'category',
  'status',
  'rule',
  'rules',
  'trigger_event',
  'trigger_date',
  'retainUntil',
  'eligibleFrom',
  'approval',
  'reason',
] as const;

/** One CSV row per decision: nested members flattened, `rules` joined with spaces. */
export function decisionRow(d: Decision): (string | null)[] {
  return [
    d.id,
    d.subject,
    d.category,
    d.status,
    d.rule,
    d.rules.join(' '),
    d.trigger.event,
    d.trigger.date,
    d.retainUntil,
    d.eligibleFrom,
    d.approval,
    d.reason,
  ];
}
