/** Step 2 of loading a policy: JSON Schema validation (ajv, every error at once), worded for the policy language. */
import { Ajv } from 'ajv';
import type { YamlLocator } from '../yaml/locate.js';
import type { ProblemSink } from '../yaml/problem-sink.js';
import { reportSchemaErrors } from '../yaml/schema-errors.js';
import { PolicySchema, type PolicyDocument } from './schema.js';
import { policyWording } from './schema-wording.js';

// verbose: errors carry the failing schema, which lists the allowed keys and values.
const validatePolicy = new Ajv({ allErrors: true, verbose: true }).compile<PolicyDocument>(PolicySchema);

/** True when `data` matches the policy schema; otherwise reports every violation into `sink`. */
export function checkPolicySchema(data: unknown, locator: YamlLocator, sink: ProblemSink): data is PolicyDocument {
  if (validatePolicy(data)) return true;
  reportSchemaErrors(validatePolicy.errors ?? [], data, { locator, sink, wording: policyWording });
  return false;
}
