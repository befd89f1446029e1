/**
 * Loading `retention.config.yaml`: the same YAML-with-positions and schema reporting as a
 * policy, so a typo in the config is `retention.config.yaml:7:5: unknown key ...` too.
 * Paths in the config are relative to the config file's folder and come out absolute.
 */
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { inputError, type FilePosition } from '../errors.js';
import { readSmallFile, readSmallFileIfPresent, type SmallFileRequest } from '../file-input/small-file.js';
import { ProblemSink } from '../yaml/problem-sink.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import type { YamlLocator } from '../yaml/locate.js';
import { plainWording, reportSchemaErrors } from '../yaml/schema-errors.js';
import { planValidityProblem } from '../policy/durations.js';
import { isRecord } from '../is-record.js';
import { closestWord } from '../yaml/did-you-mean.js';
import { TARGET_TYPES, targetTypeNames } from '../targets/registry.js';
import { isPostgresLocation, postgresUrlProblem } from '../postgres/url.js';
import { isTargetTypeName, type TargetTypeName } from '../targets/types.js';
import { ConfigSchema, DEFAULT_DESTRUCTION_METHODS, type ConfigDocument } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'retention.config.yaml';

/** A target's block of the config, checked against its type's own schema. */
export interface TargetConfig {
  type: TargetTypeName;
  [key: string]: unknown;
}

export interface RetentionConfig {
  /** Absolute path of the config file, and its folder (the base of relative paths in it). */
  file: string;
  dir: string;
  policy: string | null;
  /**
   * Where the config names the policy (its `policy:` value), or where its settings start when
   * it names none: the place to point at when the policy is missing or cannot be read.
   */
  policyAt: FilePosition;
  /** An absolute path (SQLite), or a `postgres://` URL; null when the config names none. */
  store: string | null;
  actor: string | null;
  /** By name; a Map, since a name such as `constructor` must not find Object's own. */
  targets: ReadonlyMap<string, TargetConfig>;
  limits: { maxDeletions: number | null; maxPercent: number | null };
  plans: { validFor: string };
  /** What `confirm --method` may say (the config's list, else DEFAULT_DESTRUCTION_METHODS). */
  destructionMethods: readonly string[];
}

/** Compiled on first use, not at start-up: commands without a config never pay for them. */
let validators: { config: ValidateFunction<ConfigDocument>; target: Map<string, ValidateFunction> } | null = null;

function configValidators() {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, verbose: true });
    const target = new Map(Object.entries(TARGET_TYPES).map(([type, t]) => [type, ajv.compile(t.configSchema)]));
    validators = { config: ajv.compile<ConfigDocument>(ConfigSchema), target };
  }
  return validators;
}

/**
 * The config named by `--config`, else `./retention.config.yaml` when it exists, else null
 * (dry runs need no config at all).
 */
/**
 * Whether `target` is a manual one (paper: a destruction worklist, not a deletion), as the
 * config declares it; null when there is no config, or it does not declare the target.
 */
export function manualTargetTest(config: RetentionConfig | null): (target: string) => boolean | null {
  return (target) => {
    const declared = config?.targets.get(target);
    return declared === undefined ? null : declared.type === 'manual';
  };
}

export async function findConfig(cwd: string, explicit: string | undefined): Promise<RetentionConfig | null> {
  if (explicit) return loadConfig(path.resolve(cwd, explicit), explicit);
  const implicit = path.join(cwd, DEFAULT_CONFIG_FILE);
  const bytes = await readSmallFileIfPresent(implicit, configFileRequest(DEFAULT_CONFIG_FILE));
  return bytes === null ? null : checkConfigText(bytes.toString('utf8'), implicit, DEFAULT_CONFIG_FILE);
}

/** Reads and checks a config; any problem is an input error (exit 2) naming file:line:col. */
export async function loadConfig(absolute: string, shownAs: string): Promise<RetentionConfig> {
  const bytes = await readSmallFile(absolute, configFileRequest(shownAs));
  return checkConfigText(bytes.toString('utf8'), absolute, shownAs);
}

function configFileRequest(shownAs: string): SmallFileRequest {
  return { shownAs, what: 'config file', hint: 'check --config, or run "retention init" to write one' };
}

function checkConfigText(text: string, absolute: string, shownAs: string): RetentionConfig {
  const sink = new ProblemSink(shownAs, 'config');
  const { locator, data } = parseYaml(text, sink);
  const dir = path.dirname(absolute);
  if (data && checkConfig(data.value, locator, sink) && !sink.hasErrors()) {
    return compileConfig(data.value, { file: absolute, shownAs, dir }, locator);
  }
  throw inputError('config.invalid', sink.sorted());
}

/**
 * Every problem of the file at once: the schema, then each target against its own type and
 * the plan validity, as far as the shape of the file lets them be read.
 */
function checkConfig(data: unknown, locator: YamlLocator, sink: ProblemSink): data is ConfigDocument {
  const { config: validateConfig } = configValidators();
  const valid = validateConfig(data);
  if (!valid) reportSchemaErrors(validateConfig.errors ?? [], data, { locator, sink, wording: plainWording });
  if (!isRecord(data)) return false;
  if (isRecord(data.targets)) checkTargets(data.targets, data, locator, sink);
  if (typeof data.store === 'string' && isPostgresLocation(data.store)) {
    const problem = postgresUrlProblem(data.store);
    if (problem) sink.error('config.bad-store', locator.value(['store']), `store: ${problem}`);
  }
  if (isRecord(data.plans) && typeof data.plans.validFor === 'string') {
    const problem = planValidityProblem(data.plans.validFor);
    if (problem)
      sink.error('config.bad-duration', locator.value(['plans', 'validFor']), `plans.validFor "${data.plans.validFor}" ${problem}`);
  }
  return valid;
}

function checkTargets(targets: Record<string, unknown>, data: unknown, locator: YamlLocator, sink: ProblemSink): void {
  const { target: validateTarget } = configValidators();
  for (const [name, target] of Object.entries(targets)) {
    // A block that is not a mapping, or has no type, was already reported by the schema.
    if (!isRecord(target) || typeof target.type !== 'string') continue;
    const at = ['targets', name];
    if (isObjectMember(name)) {
      sink.error(
        'config.reserved-target-name',
        locator.key(at),
        `target name "${name}" is reserved (a built-in name of JavaScript objects)`,
        'choose another name, and use it in the inventory locations',
      );
      continue;
    }
    const type = isTargetTypeName(target.type) ? TARGET_TYPES[target.type] : undefined;
    const validate = validateTarget.get(target.type);
    if (!type || !validate) {
      const guess = closestWord(target.type, targetTypeNames());
      sink.error(
        'config.unknown-target-type',
        locator.value([...at, 'type']),
        `target "${name}" has unknown type "${target.type}"`,
        `${guess ? `did you mean "${guess}"? ` : ''}valid types: ${targetTypeNames().join(', ')}`,
      );
      continue;
    }
    if (!validate(target)) {
      reportSchemaErrors(validate.errors ?? [], data, { locator, sink, wording: plainWording, prefix: at });
      continue;
    }
    for (const message of type.check(target)) sink.error('config.target', locator.value(at), `target "${name}": ${message}`);
  }
}

/** Names every plain object answers to (`constructor`, `toString`, `__proto__`…): never a target's. */
function isObjectMember(name: string): boolean {
  return name in Object.prototype;
}

function compileConfig(doc: ConfigDocument, where: { file: string; shownAs: string; dir: string }, locator: YamlLocator): RetentionConfig {
  const resolve = (p: string | undefined) => (p === undefined ? null : path.resolve(where.dir, p));
  return {
    file: where.file,
    dir: where.dir,
    policy: resolve(doc.policy),
    policyAt: { file: where.shownAs, ...locator.value(['policy']) },
    // A PostgreSQL URL is a place on a server, not a path relative to this file.
    store: doc.store !== undefined && isPostgresLocation(doc.store) ? doc.store : resolve(doc.store),
    actor: doc.actor ?? null,
    // Every block passed its type's schema (checkTargets), so every type is a registered one.
    targets: new Map(
      Object.entries(doc.targets ?? {}).flatMap(([name, target]) =>
        isTargetTypeName(target.type) ? [[name, { ...target, type: target.type }]] : [],
      ),
    ),
    limits: { maxDeletions: doc.limits?.maxDeletions ?? null, maxPercent: doc.limits?.maxPercent ?? null },
    plans: { validFor: doc.plans?.validFor ?? 'P30D' },
    destructionMethods: doc.destructionMethods ?? DEFAULT_DESTRUCTION_METHODS,
  };
}
