/**
 * Step 2 of loading a policy: JSON Schema validation (ajv, every error at once), with each
 * error turned into one plain-English problem that points at the right line and column.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { IDENTIFIER_PATTERN, PolicySchema, type PolicyDocument } from './schema.js';
import type { YamlLocator, YamlPath, Position } from '../yaml/locate.js';
import type { ProblemSink } from '../yaml/problem-sink.js';
import { collapseUnionErrors } from './schema-unions.js';
import { closestWord } from '../yaml/did-you-mean.js';
import { quote, ruleName } from './document-access.js';
import { isRecord } from '../is-record.js';

// verbose: errors carry the failing schema, which lists the allowed keys and values.
const validatePolicy = new Ajv({ allErrors: true, verbose: true }).compile<PolicyDocument>(PolicySchema);

/** True when `data` matches the policy schema; otherwise reports every violation into `sink`. */
export function checkPolicySchema(data: unknown, locator: YamlLocator, sink: ProblemSink): data is PolicyDocument {
  if (validatePolicy(data)) return true;
  reportSchemaErrors(validatePolicy.errors ?? [], data, locator, sink);
  return false;
}

/**
 * Reports ajv errors (from a validator compiled with `allErrors` and `verbose`) as one
 * plain-English problem each. `prefix` is where the validated value sits inside `data`,
 * for validators run on a part of a document (e.g. one target block of the config).
 */
export function reportSchemaErrors(errors: ErrorObject[], data: unknown, locator: YamlLocator, sink: ProblemSink, prefix: YamlPath = []): void {
  for (const error of collapseUnionErrors(errors)) reportSchemaError(error, data, locator, sink, prefix);
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping (key: value lines)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
};

/** What a union-typed field accepts, for the unions that are not a plain list of words. */
const UNION_EXPECTATIONS: Record<string, string> = {
  retain: '"indefinitely" or a mapping such as { from: service_ended, for: P6Y } or { until: lpa_registered }',
  category: 'a category name or a list of category names',
};

const FLAG_LISTS = new Set(['hold_while']);

function reportSchemaError(error: ErrorObject, data: unknown, locator: YamlLocator, sink: ProblemSink, prefix: YamlPath): void {
  const path = [...prefix, ...pointerToPath(error.instancePath)];
  const value = error.data as unknown;
  const here = describePlace(path, data, sink.documentName);
  const at = locator.value(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties ?? {}) as object);
      const guess = closestWord(key, allowed);
      const hint = `${guess ? `did you mean "${guess}"? ` : ''}allowed keys here: ${allowed.join(', ')}`;
      return sink.error(locator.key([...path, key]), `unknown key "${key}" ${here.container || 'at the top level'}`.trim(), hint);
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const message = `missing key "${missing}" ${here.container || 'at the top level'}`.trim();
      const typo = misspeltKey(value, missing);
      return sink.error(at, message, typo === null ? undefined : `did you mean "${missing}" where "${typo}" is written?`);
    }
    case 'anyOf':
      return sink.error(at, `${here.field} ${quote(value)}${here.suffix} ${unionComplaint(error, here.key)}`);
    case 'const':
      return sink.error(at, `${here.field}${here.suffix} must be ${quote(error.params.allowedValue)}, not ${quote(value)}`, constHint(here.key));
    case 'type':
      return sink.error(at, `${here.field}${here.suffix} must be ${TYPE_WORDS[String(error.params.type)] ?? String(error.params.type)}`);
    case 'pattern':
      return reportPattern(error, here, value, at, sink);
    case 'minItems':
      return sink.error(at, `${here.field}${here.suffix} must not be an empty list`);
    case 'minLength':
    case 'minProperties':
      return sink.error(at, `${here.field}${here.suffix} must not be empty`);
    case 'uniqueItems': {
      const repeated = Array.isArray(value) ? value[Number(error.params.j)] : undefined;
      return sink.error(locator.value([...path, Number(error.params.j)]), `${here.field}${here.suffix} lists ${quote(repeated)} twice`);
    }
    default:
      return sink.error(at, `${here.field}${here.suffix} ${error.message ?? 'is not valid'}`);
  }
}

/** A key written in `value` that is a near miss of the missing key `missing` (`tyep` for `type`), or null. */
function misspeltKey(value: unknown, missing: string): string | null {
  if (!isRecord(value)) return null;
  return Object.keys(value).find((key) => key !== missing && closestWord(key, [missing]) === missing) ?? null;
}

function reportPattern(error: ErrorObject, here: Place, value: unknown, at: Position, sink: ProblemSink): void {
  if (error.params.pattern === IDENTIFIER_PATTERN) {
    const kind = FLAG_LISTS.has(here.key) ? 'flag' : 'event';
    return sink.error(
      at,
      `${kind} name ${quote(value)} ${here.container} is not a plain identifier`,
      `${kind} names use letters, digits and "_" only, and do not start with a digit, e.g. ${kind === 'flag' ? 'objection_possible' : 'service_ended'}`,
    );
  }
  if (here.key === 'id') {
    return sink.error(at, `rule id ${quote(value)} is not valid`, 'start with a letter or digit; then letters, digits, ".", "_" or "-", e.g. care-records');
  }
  if (here.key === 'financial_year_end') {
    return sink.error(at, `financial_year_end ${quote(value)} is not a month and day`, 'write it as "MM-DD" in quotes, e.g. "03-31"');
  }
  sink.error(at, `${here.field} ${quote(value)}${here.suffix} does not have the expected form`);
}

function constHint(key: string): string | undefined {
  return key === 'version' ? 'this tool reads version 1 policies' : undefined;
}

function unionComplaint(error: ErrorObject, field: string): string {
  const branches = Array.isArray(error.schema) ? (error.schema as { const?: unknown }[]) : [];
  if (branches.length > 0 && branches.every((b) => b.const !== undefined)) {
    return `is not one of ${branches.map((b) => String(b.const)).join(', ')}`;
  }
  return `must be ${UNION_EXPECTATIONS[field] ?? 'one of the allowed forms'}`;
}

interface Place {
  /** How messages name the value: its keys from the rule (or the top) down, `retain.for`. */
  field: string;
  /** The last key on the way to the value (`for`, `erase_on`), which decides the wording. */
  key: string;
  /** ` in rule "care-records"` when inside a rule, else empty. */
  suffix: string;
  /** Where a key of the mapping at this path lives: `in retain of rule "x"`, `in rule "x"`, `in retain`. */
  container: string;
}

function describePlace(path: YamlPath, data: unknown, documentName: string): Place {
  const ruleIndex = path[0] === 'rules' && typeof path[1] === 'number' ? path[1] : null;
  const inside = ruleIndex === null ? path : path.slice(2);
  const keys = inside.filter((s): s is string => typeof s === 'string');
  const rule = ruleIndex === null ? null : ruleName(data, ruleIndex);
  const label = keys.join('.');
  const container = rule ? (label ? `in ${label} of ${rule}` : `in ${rule}`) : label ? `in ${label}` : '';
  // A whole rule is named by itself: `rule #2 must be a mapping`.
  if (keys.length === 0) return { field: rule ?? `the ${documentName}`, key: '', suffix: '', container };
  return { field: label, key: keys[keys.length - 1] ?? '', suffix: rule ? ` in ${rule}` : '', container };
}

function pointerToPath(pointer: string): YamlPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
