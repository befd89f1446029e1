/**
 * Where a command's policy, records and holds come from: flags first, then the config file,
 * then the defaults (DESIGN §2). Paths in flags are relative to the working directory and
 * are passed on as typed, so error messages name files the way the user did; paths in the
 * config are relative to the config file's folder (the config loader resolves those).
 */
import path from 'node:path';
import { requirePolicy } from '../policy/load.js';
import { openCommandStore } from './open-store.js';
import type { StoreAccess } from '../store/types.js';
import { isPostgresLocation } from '../postgres/url.js';
import type { CompiledPolicy } from '../engine/types.js';
import type { Problem } from '../errors.js';
import { inputError, usageError } from '../errors.js';
import { findConfig, type RetentionConfig } from '../config/load.js';
import type { CommandContext } from './main.js';
import { recordsFromInventory, type RecordSource } from '../planner/record-source.js';
import { recordsFromStore } from '../apply/found-back.js';
import { overlappingTargets } from '../apply/overlapping-targets.js';

export interface SourceFlags {
  config?: string;
  policy?: string;
  inventory?: string;
  db?: string;
}

export interface ResolvedPolicy {
  policy: CompiledPolicy;
  /** The policy file as the user named it (for messages and the plan's `policy.file`). */
  file: string;
  sha256: string;
  /** The policy's text as checked (apply keeps it in the store). */
  text: string;
  warnings: Problem[];
}

export async function resolveConfig(flags: SourceFlags, ctx: CommandContext): Promise<RetentionConfig | null> {
  return findConfig(ctx.cwd, flags.config);
}

export async function resolvePolicy(flags: SourceFlags, ctx: CommandContext, config?: RetentionConfig | null): Promise<ResolvedPolicy> {
  const cfg = config === undefined ? await resolveConfig(flags, ctx) : config;
  const file = flags.policy ?? (cfg?.policy ? shownPath(cfg.policy, ctx.cwd) : undefined);
  if (!file && cfg) {
    throw inputError('config.invalid', [
      {
        code: 'config.no-policy',
        ...cfg.policyAt,
        message: 'the config names no policy',
        hint: 'add "policy: FILE" (relative to the config file\'s folder), or give --policy FILE',
        severity: 'error',
      },
    ]);
  }
  if (!file) {
    throw usageError(
      'usage.no-policy',
      'no policy given: use --policy FILE, or set "policy:" in retention.config.yaml (retention init writes one)',
    );
  }
  const loaded = await requirePolicy(file, flags.policy === undefined ? cfg?.policyAt : undefined, ctx.cwd);
  return { policy: loaded.policy, file, sha256: loaded.sha256, text: loaded.text, warnings: loaded.warnings };
}

/** A config path as messages show it: relative when it is under the working directory. */
function shownPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

/** The store a command should use: --db (a file, or a postgres:// URL), else the config's `store:`, else ./retention.db. */
export function storePath(flags: SourceFlags, ctx: CommandContext, config: RetentionConfig | null): string {
  if (flags.db) return isPostgresLocation(flags.db) ? flags.db : path.resolve(ctx.cwd, flags.db);
  return config?.store ?? path.resolve(ctx.cwd, 'retention.db');
}

/**
 * Records for plan/explain: an inventory file (`--inventory`; no store, no holds), or the
 * store (`--db`, or the config's), opened read-only unless `access` says the command writes
 * to it (`plan --out` saves its plan there). Without either and without a store file, a usage error.
 */
export async function resolveRecords(
  flags: SourceFlags,
  ctx: CommandContext,
  config: RetentionConfig | null,
  policy: CompiledPolicy,
  access: StoreAccess = 'read',
): Promise<RecordSource> {
  if (flags.inventory !== undefined) return recordsFromInventory(flags.inventory, policy, ctx);
  if (!flags.db && !config) {
    throw usageError(
      'usage.no-records',
      'no records given: use --inventory FILE (CSV, JSON or JSON Lines) or --db FILE (a store filled by "retention inventory import")',
    );
  }
  const store = await openCommandStore(storePath(flags, ctx, config), ctx, access);
  try {
    const records = await recordsFromStore(store, config, policy, (message) => ctx.out.error(message));
    return { ...records, close: () => records.close().finally(() => store.close()) };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Warns (stderr) of targets that reach the same items: apply refuses to run with them (apply/overlapping-targets.ts). */
export function warnOverlappingTargets(config: RetentionConfig | null, ctx: CommandContext): void {
  for (const problem of config === null ? [] : overlappingTargets(config.targets, config.dir)) {
    ctx.out.error(`warning: ${problem}; apply refuses to run until this is fixed`);
  }
}
