/**
 * The stable codes of problems found in a file the user wrote: one code per kind of finding,
 * printed after the message (`policy.yaml:8:5: unknown key "retian" … [policy.unknown-key]`)
 * so that a person can look it up and tests can assert which problem was found.
 */

/** What a JSON Schema check finds, in a policy or a config alike (yaml/schema-errors.ts). */
export const SCHEMA_PROBLEMS = [
  'unknown-key',
  'missing-key',
  'not-one-of',
  'wrong-value',
  'wrong-type',
  'bad-form',
  'empty',
  'repeated',
  'invalid',
] as const;
export type SchemaProblem = (typeof SCHEMA_PROBLEMS)[number];

/** The documents a schema checks: its problems are `policy.unknown-key`, `config.unknown-key`, … */
export type YamlDocumentName = 'policy' | 'config' | 'sidecar';

export const PROBLEM_CODES = [
  // The YAML itself, in a policy or a config.
  'yaml.syntax',
  'yaml.warning',
  'yaml.duplicate-key',
  'yaml.hidden-line-break',
  'yaml.unreadable',
  'yaml.empty',
  // The policy's own rules (policy/semantic-checks.ts, and the policy's wording of schema patterns).
  'policy.bad-name',
  'policy.bad-rule-id',
  'policy.bad-financial-year-end',
  'policy.unknown-timezone',
  'policy.duplicate-rule-id',
  'policy.bad-duration',
  'policy.retain-form',
  'policy.review-form',
  'policy.erasure-basis',
  'policy.no-basis',
  'policy.event-near-miss',
  // The config's own rules (config/load.ts).
  'config.bad-duration',
  'config.bad-store',
  'config.reserved-target-name',
  'config.unknown-target-type',
  'config.target',
  'config.no-policy',
  'config.unreadable-policy',
  // Inventories (src/inventory).
  'inventory.unreadable',
  'inventory.empty',
  'inventory.changed',
  'inventory.csv-syntax',
  'inventory.csv-header',
  'inventory.json-syntax',
  'inventory.not-a-record',
  'inventory.unknown-field',
  'inventory.missing-field',
  'inventory.wrong-type',
  'inventory.bad-name',
  'inventory.bad-date',
  'inventory.placeholder-date',
  'inventory.bad-flag',
  'inventory.empty-value',
  'inventory.bad-text',
  'inventory.invisible-character',
  'inventory.surrounding-space',
  'inventory.duplicate-id',
  'inventory.record-too-long',
  // A sidecar of inventory scan (scan/sidecar.ts); its YAML and shape problems are yaml.* and sidecar.<schema problem>.
  'sidecar.bad-name',
  'sidecar.bad-date',
  'sidecar.placeholder-date',
  'sidecar.unreadable',
  'sidecar.created-twice',
  'sidecar.name-differs',
  // Event feeds (event import, src/events/event-file.ts).
  'events.csv-header',
  'events.csv-syntax',
  'events.empty-value',
  'events.bad-text',
  'events.bad-date',
  'events.placeholder-date',
  'events.bad-name',
  'events.unknown-name',
  'events.unknown-record',
  // Any small file (policy, config, plan, head) that cannot be read at all.
  'file.unreadable',
  // A damaged store, as `audit verify` names it.
  'store.damaged',
  // The holds and approvals tables against the log, as `audit verify` finds them (store/log-view.ts).
  'store.hold-missing',
  'store.hold-not-logged',
  'store.hold-differs',
  'store.hold-release-not-logged',
  'store.hold-release-missing',
  'store.hold-entry-unreadable',
  'store.approval-not-logged',
  'store.approval-missing',
  // The events table and the records' deleted state against the log (store/log-view-records.ts): apply refuses to run.
  'store.event-not-logged',
  'store.event-differs',
  'store.event-missing',
  'store.event-removal-not-logged',
  'store.event-removal-missing',
  'store.record-deletion-missing',
  'store.record-deletion-not-logged',
  'store.record-forget-missing',
  'store.record-forget-not-logged',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number] | `${YamlDocumentName}.${SchemaProblem}`;
