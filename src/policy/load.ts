/**
 * Loading a policy file (DESIGN §3): YAML with positions → schema → semantic checks →
 * `CompiledPolicy`. Every problem of the file is collected and reported at once, each with
 * `file:line:col`; problems are data, and only `requirePolicy` turns errors into a throw.
 */
import { resolve } from 'node:path';
import type { CompiledPolicy } from '../engine/types.js';
import { inputError, RetentionError, type FilePosition, type Problem } from '../errors.js';
import { readSmallFile } from '../file-input/small-file.js';
import { compilePolicy } from './compile.js';
import { sha256Hex } from '../sha256.js';
import { ProblemSink } from '../yaml/problem-sink.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { checkPolicySchema } from './schema-check.js';
import { runSemanticChecks } from './semantic-checks.js';
import type { PolicyDocument } from './schema.js';

export interface PolicyLoadResult {
  /** Null when there is any error. */
  policy: CompiledPolicy | null;
  /** The document as written, when it matches the schema (even if a semantic check failed). */
  document: PolicyDocument | null;
  /** Errors and warnings, sorted by line. */
  problems: Problem[];
  /** Lowercase hex SHA-256 of the file's raw bytes; empty when the file could not be read. */
  sha256: string;
  /** The text that was checked (kept by apply, so that the next policy version can be compared with it); empty when unreadable. */
  text: string;
}

/** Checks and compiles policy `text`; `file` is the name problems are reported under. */
export function loadPolicyText(text: string, file: string): PolicyLoadResult {
  return checkAndCompile(text, file, sha256Hex(text));
}

/**
 * Reads and loads the policy at `path` (relative to `cwd` when given); an unreadable file is
 * reported as a problem, not thrown. Problems name the file as `path`.
 */
export async function loadPolicyFile(path: string, cwd?: string): Promise<PolicyLoadResult> {
  let bytes: Buffer;
  try {
    bytes = await readSmallFile(cwd === undefined ? path : resolve(cwd, path), {
      shownAs: path,
      what: 'policy file',
      hint: POLICY_FILE_HINT,
    });
  } catch (error) {
    if (!(error instanceof RetentionError)) throw error;
    return { policy: null, document: null, problems: [...error.problems], sha256: '', text: '' };
  }
  return checkAndCompile(bytes.toString('utf8'), path, sha256Hex(bytes));
}

const POLICY_FILE_HINT =
  'check the path; give another with --policy FILE or the config\'s "policy:" setting (`retention init` writes an example)';

/**
 * Loads the policy at `path` for a command that cannot go on without it. `namedAt` is where
 * the path was written (the config's `policy:`): a file that cannot be read is reported
 * there, since that line is what the user must fix. A relative `path` starts at `cwd`.
 * @throws RetentionError (kind `input`, exit 2) listing every problem when there is any error.
 */
export async function requirePolicy(
  path: string,
  namedAt?: FilePosition,
  cwd?: string,
): Promise<{ policy: CompiledPolicy; document: PolicyDocument; sha256: string; text: string; warnings: Problem[] }> {
  const result = await loadPolicyFile(path, cwd);
  if (result.sha256 === '' && namedAt) {
    throw inputError(
      'config.invalid',
      result.problems.map((p) => ({
        ...p,
        ...namedAt,
        code: 'config.unreadable-policy' as const,
        message: `policy ${JSON.stringify(path)}: ${p.message}`,
        hint: CONFIG_POLICY_HINT,
      })),
    );
  }
  if (!result.policy || !result.document) throw inputError('policy.invalid', result.problems);
  return { policy: result.policy, document: result.document, sha256: result.sha256, text: result.text, warnings: result.problems };
}

const CONFIG_POLICY_HINT = "a path in the config is relative to the config file's folder; or give the policy with --policy FILE";

function checkAndCompile(text: string, file: string, sha256: string): PolicyLoadResult {
  const sink = new ProblemSink(file, 'policy');
  const { locator, data } = parseYaml(text, sink);
  let document: PolicyDocument | null = null;
  if (data) {
    if (checkPolicySchema(data.value, locator, sink)) document = data.value;
    runSemanticChecks({ data: data.value, locator, sink });
  }
  const policy = document && !sink.hasErrors() ? compilePolicy(document) : null;
  return { policy, document, problems: sink.sorted(), sha256, text };
}
