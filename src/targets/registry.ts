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
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as said above
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
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see TARGET_TYPES
export function getTargetType(type: string): TargetType<any> {
  const found = isTargetTypeName(type) ? TARGET_TYPES[type] : undefined;
  if (!found) {
    throw new RetentionError('target.unknown-type', `unknown target type "${type}"; valid types: ${targetTypeNames().join(', ')}`, {
      data: { type, valid: targetTypeNames() },
    });
  }
  return found;
}

/** Where a location is taken apart (a leaf module, so that the store can key locations too). */
export { splitLocation } from '../location.js';
