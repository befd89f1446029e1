/**
 * All target types by name (knip / Cloud Custodian style): adding a type is one module and
 * one line here.
 */
import { RetentionError } from '../errors.js';
import { filesTargetType } from './files.js';
import { manualTargetType } from './manual.js';
import { postgresTargetType } from './postgres.js';
import { sqliteTargetType } from './sqlite.js';
import { isTargetTypeName, TARGET_TYPE_NAMES, type TargetTypeName, type TargetType } from './types.js';

// `any`: each entry has its own config type, checked against its own schema before use.
export const TARGET_TYPES: Readonly<Record<TargetTypeName, TargetType<any>>> = {
  files: filesTargetType,
  sqlite: sqliteTargetType,
  postgres: postgresTargetType,
  manual: manualTargetType,
};

/** The registered type names, sorted, for messages and help. */
export function targetTypeNames(): string[] {
  return [...TARGET_TYPE_NAMES].sort();
}

/** The type registered as `type`; a usage error listing the valid types when there is none. */
export function getTargetType(type: string): TargetType<any> {
  const found = isTargetTypeName(type) ? TARGET_TYPES[type] : undefined;
  if (!found) {
    throw new RetentionError('target.unknown-type', `unknown target type "${type}"; valid types: ${targetTypeNames().join(', ')}`, { data: { type, valid: targetTypeNames() } });
  }
  return found;
}

/**
 * Splits a record location `target:ref` at the FIRST colon (refs may contain colons);
 * null when there is no colon or either part is empty.
 */
export function splitLocation(location: string): { target: string; ref: string } | null {
  const colon = location.indexOf(':');
  if (colon <= 0 || colon === location.length - 1) return null;
  return { target: location.slice(0, colon), ref: location.slice(colon + 1) };
}
