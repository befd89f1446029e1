/**
 * JSON Schema errors (ajv, every error at once) turned into one plain-English problem each,
 * pointing at the right line and column of the YAML file. Shared by the policy and the config;
 * what is particular to a document (how it names a place, what its unions and patterns mean)
 * comes in a SchemaWording.
 */
import type { ErrorObject } from 'ajv';
import type { ProblemCode, SchemaProblem } from '../problem-codes.js';
import { isRecord } from '../is-record.js';
import type { YamlLocator, YamlPath } from './locate.js';
import type { ProblemSink } from './problem-sink.js';
import { collapseUnionErrors } from './schema-unions.js';
import { closestWord } from './did-you-mean.js';
import { quote } from './quote.js';

/** How messages name the place of a value in the document. */
export interface Place {
  /** How messages name the value: its keys joined with dots, `retain.for`. */
  field: string;
  /** The last key on the way to the value (`for`, `erase_on`), which decides the wording. */
  key: string;
  /** Said after the field, e.g. ` in rule "care-records"`; empty when nothing needs saying. */
  suffix: string;
  /** Where a key of the mapping at this path lives: `in retain of rule "x"`, `in retain`. */
  container: string;
}

/** A problem as a document words it. */
export interface WordedProblem {
  code: ProblemCode;
  message: string;
  hint?: string;
}

/** What is particular to one kind of document; `plainWording` fits any. */
export interface SchemaWording {
  /** How messages name the value at `path` of `data`. */
  place(path: YamlPath, data: unknown, documentName: string): Place;
  /** What a union-typed field accepts, by its key, for unions that are not a plain list of words. */
  unionExpectations: ReadonlyMap<string, string>;
  /** The problem of a value failing `pattern`; null for the generic "does not have the expected form". */
  patternProblem(pattern: string, place: Place, value: unknown): WordedProblem | null;
  /** A hint for a field that must hold one fixed value, by its key. */
  constHints: ReadonlyMap<string, string>;
}

/** Places named by their keys, no unions or patterns of note. */
export const plainWording: SchemaWording = {
  place: (path, _data, documentName) => {
    const keys = path.filter((s): s is string => typeof s === 'string');
    const label = keys.join('.');
    if (keys.length === 0) return { field: `the ${documentName}`, key: '', suffix: '', container: '' };
    return { field: label, key: keys[keys.length - 1] ?? '', suffix: '', container: `in ${label}` };
  },
  unionExpectations: new Map(),
  patternProblem: () => null,
  constHints: new Map(),
};

export interface SchemaReport {
  locator: YamlLocator;
  sink: ProblemSink;
  wording: SchemaWording;
  /** Where the validated value sits inside `data`, for a validator run on a part of the document (one target block). */
  prefix?: YamlPath;
}

/** Reports ajv errors (from a validator compiled with `allErrors` and `verbose`) into `report.sink`. */
export function reportSchemaErrors(errors: ErrorObject[], data: unknown, report: SchemaReport): void {
  for (const error of collapseUnionErrors(errors)) reportSchemaError(error, data, report);
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping (key: value lines)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
};

function reportSchemaError(error: ErrorObject, data: unknown, { locator, sink, wording, prefix = [] }: SchemaReport): void {
  const path = [...prefix, ...pointerToPath(error.instancePath)];
  const value: unknown = error.data;
  const here = wording.place(path, data, sink.documentName);
  const at = locator.value(path);
  const code = (problem: SchemaProblem): ProblemCode => `${sink.documentName}.${problem}`;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = isRecord(error.parentSchema?.properties) ? Object.keys(error.parentSchema.properties) : [];
      const guess = closestWord(key, allowed);
      const patterns = isRecord(error.parentSchema?.patternProperties) ? Object.keys(error.parentSchema.patternProperties) : [];
      // A map of names (targets): no fixed keys to list, but the form a name must have.
      const hint =
        allowed.length === 0 && patterns.length > 0
          ? `a name here must match ${patterns.join(' or ')}`
          : `${guess ? `did you mean "${guess}"? ` : ''}allowed keys here: ${allowed.join(', ')}`;
      return sink.error(
        code('unknown-key'),
        locator.key([...path, key]),
        `unknown key "${key}" ${here.container || 'at the top level'}`.trim(),
        hint,
      );
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const message = `missing key "${missing}" ${here.container || 'at the top level'}`.trim();
      const typo = misspeltKey(value, missing);
      return sink.error(
        code('missing-key'),
        at,
        message,
        typo === null ? undefined : `did you mean "${missing}" where "${typo}" is written?`,
      );
    }
    case 'anyOf':
      return sink.error(code('not-one-of'), at, `${here.field} ${quote(value)}${here.suffix} ${unionComplaint(error, here.key, wording)}`);
    case 'const':
      return sink.error(
        code('wrong-value'),
        at,
        `${here.field}${here.suffix} must be ${quote(error.params.allowedValue)}, not ${quote(value)}`,
        wording.constHints.get(here.key),
      );
    case 'type':
      return sink.error(
        code('wrong-type'),
        at,
        `${here.field}${here.suffix} must be ${TYPE_WORDS[String(error.params.type)] ?? String(error.params.type)}`,
      );
    case 'pattern': {
      const worded = wording.patternProblem(String(error.params.pattern), here, value);
      if (worded) return sink.error(worded.code, at, worded.message, worded.hint);
      return sink.error(code('bad-form'), at, `${here.field} ${quote(value)}${here.suffix} does not have the expected form`);
    }
    case 'minItems':
      return sink.error(code('empty'), at, `${here.field}${here.suffix} must not be an empty list`);
    case 'minLength':
    case 'minProperties':
      return sink.error(code('empty'), at, `${here.field}${here.suffix} must not be empty`);
    case 'uniqueItems': {
      const repeated: unknown = Array.isArray(value) ? value[Number(error.params.j)] : undefined;
      return sink.error(
        code('repeated'),
        locator.value([...path, Number(error.params.j)]),
        `${here.field}${here.suffix} lists ${quote(repeated)} twice`,
      );
    }
    default:
      return sink.error(code('invalid'), at, `${here.field}${here.suffix} ${error.message ?? 'is not valid'}`);
  }
}

/** A key written in `value` that is a near miss of the missing key `missing` (`tyep` for `type`), or null. */
function misspeltKey(value: unknown, missing: string): string | null {
  if (!isRecord(value)) return null;
  return Object.keys(value).find((key) => key !== missing && closestWord(key, [missing]) === missing) ?? null;
}

function unionComplaint(error: ErrorObject, field: string, wording: SchemaWording): string {
  const branches: unknown[] = Array.isArray(error.schema) ? error.schema : [];
  const words = branches.flatMap((b) =>
    isRecord(b) && (typeof b.const === 'string' || typeof b.const === 'number') ? [String(b.const)] : [],
  );
  if (branches.length > 0 && words.length === branches.length) return `is not one of ${words.join(', ')}`;
  return `must be ${wording.unionExpectations.get(field) ?? 'one of the allowed forms'}`;
}

function pointerToPath(pointer: string): YamlPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
