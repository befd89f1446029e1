/**
 * How schema problems in a policy are worded: places are named by their rule
 * (`retain.for in rule "care-records"`), and the patterns of the policy language get messages
 * that say what a valid value looks like.
 */
import { IDENTIFIER_PATTERN } from '../vocabulary.js';
import type { YamlPath } from '../yaml/locate.js';
import { quote } from '../yaml/quote.js';
import type { Place, SchemaWording, WordedProblem } from '../yaml/schema-errors.js';
import { ruleName } from './document-access.js';
import { FINANCIAL_YEAR_END_PATTERN, RULE_ID_PATTERN } from './schema.js';

/** Lists of flag names; every other list of identifiers names events. */
const FLAG_LISTS = new Set(['hold_while']);

export const policyWording: SchemaWording = {
  place: describePlace,
  unionExpectations: new Map([
    ['retain', '"indefinitely" or a mapping such as { from: service_ended, for: P6Y } or { until: lpa_registered }'],
    ['category', 'a category name or a list of category names'],
  ]),
  patternProblem,
  constHints: new Map([['version', 'this tool reads version 1 policies']]),
};

function patternProblem(pattern: string, here: Place, value: unknown): WordedProblem | null {
  if (pattern === IDENTIFIER_PATTERN) {
    const kind = FLAG_LISTS.has(here.key) ? 'flag' : 'event';
    return {
      code: 'policy.bad-name',
      message: `${kind} name ${quote(value)} ${here.container} is not a plain identifier`,
      hint: `${kind} names use letters, digits and "_" only, and do not start with a digit, e.g. ${kind === 'flag' ? 'objection_possible' : 'service_ended'}`,
    };
  }
  if (pattern === RULE_ID_PATTERN) {
    return {
      code: 'policy.bad-rule-id',
      message: `rule id ${quote(value)} is not valid`,
      hint: 'start with a letter or digit; then letters, digits, ".", "_" or "-", e.g. care-records',
    };
  }
  if (pattern === FINANCIAL_YEAR_END_PATTERN) {
    return {
      code: 'policy.bad-financial-year-end',
      message: `financial_year_end ${quote(value)} is not a month and day`,
      hint: 'write it as "MM-DD" in quotes, e.g. "03-31"',
    };
  }
  return null;
}

/** A place inside a rule is named by the rule: `retain.for` … ` in rule "care-records"`. */
function describePlace(path: YamlPath, data: unknown): Place {
  const ruleIndex = path[0] === 'rules' && typeof path[1] === 'number' ? path[1] : null;
  const inside = ruleIndex === null ? path : path.slice(2);
  const keys = inside.filter((s): s is string => typeof s === 'string');
  const rule = ruleIndex === null ? null : ruleName(data, ruleIndex);
  const label = keys.join('.');
  const container = rule ? (label ? `in ${label} of ${rule}` : `in ${rule}`) : label ? `in ${label}` : '';
  // A whole rule is named by itself: `rule #2 must be a mapping`.
  if (keys.length === 0) return { field: rule ?? 'the policy', key: '', suffix: '', container };
  return { field: label, key: keys[keys.length - 1] ?? '', suffix: rule ? ` in ${rule}` : '', container };
}
