/** Step 2 of loading a policy: JSON Schema validation (ajv, every error at once), worded for the policy language. */
import { Ajv, type ValidateFunction } from 'ajv';
import type { YamlLocator } from '../yaml/locate.js';
import type { ProblemSink } from '../yaml/problem-sink.js';
import { reportSchemaErrors } from '../yaml/schema-errors.js';
import { PolicySchema, type PolicyDocument } from './schema.js';
import { policyWording } from './schema-wording.js';

let validatePolicy: ValidateFunction<PolicyDocument> | null = null;

/** True when `data` matches the policy schema; otherwise reports every violation into `sink`. */
export function checkPolicySchema(data: unknown, locator: YamlLocator, sink: ProblemSink): data is PolicyDocument {
  // Compiled on first use: commands that read no policy (audit verify, hold list…) do not pay for it.
  // verbose: errors carry the failing schema, which lists the allowed keys and values.
  validatePolicy ??= new Ajv({ allErrors: true, verbose: true }).compile<PolicyDocument>(PolicySchema);
  if (validatePolicy(data)) return true;
  reportSchemaErrors(validatePolicy.errors ?? [], data, { locator, sink, wording: policyWording });
  return false;
}
