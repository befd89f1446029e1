/**
 * Where a command's policy, records and holds come from: flags first, then the config file,
 * then the defaults (DESIGN §2). Paths in flags are relative to the working directory and
 * are passed on as typed, so error messages name files the way the user did; paths in the
 * config are relative to the config file's folder (the config loader resolves those).
 */
import path from 'node:path';
import { requirePolicy } from '../policy/load.js';
import { openInventory, readInventory } from '../inventory/read.js';
import { openCommandStore } from './open-store.js';
import type { Store, StoreAccess } from '../store/types.js';
import type { CompiledPolicy, Hold, RecordFacts } from '../engine/types.js';
import type { Problem } from '../errors.js';
import { inputError, usageError } from '../errors.js';
import { findConfig, type RetentionConfig } from '../config/load.js';
import type { CommandContext } from './main.js';
import { factsWithFoundBack } from './found-back.js';
import { DestructionWorklist, EMPTY_WORKLIST } from '../planner/worklist.js';

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
  warnings: Problem[];
}

export async function resolveConfig(flags: SourceFlags, ctx: CommandContext): Promise<RetentionConfig | null> {
  return findConfig(ctx.cwd, flags.config);
}

export async function resolvePolicy(flags: SourceFlags, ctx: CommandContext, config?: RetentionConfig | null): Promise<ResolvedPolicy> {
  const cfg = config === undefined ? await resolveConfig(flags, ctx) : config;
  const file = flags.policy ?? (cfg?.policy ? shownPath(cfg.policy, ctx.cwd) : undefined);
  if (!file && cfg) {
    throw inputError([{ ...cfg.policyAt, message: 'the config names no policy', hint: 'add "policy: FILE" (relative to the config file\'s folder), or give --policy FILE', severity: 'error' }]);
  }
  if (!file) {
    throw usageError('no policy given: use --policy FILE, or set "policy:" in retention.config.yaml (retention init writes one)');
  }
  const loaded = await requirePolicy(file, flags.policy === undefined ? cfg?.policyAt : undefined, ctx.cwd);
  return { policy: loaded.policy, file, sha256: loaded.sha256, warnings: loaded.warnings };
}

/** A config path as messages show it: relative when it is under the working directory. */
function shownPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

/** The store file a command should use: --db, else the config's `store:`, else ./retention.db. */
export function storePath(flags: SourceFlags, ctx: CommandContext, config: RetentionConfig | null): string {
  if (flags.db) return path.resolve(ctx.cwd, flags.db);
  return config?.store ?? path.resolve(ctx.cwd, 'retention.db');
}

export interface RecordSource {
  facts: () => AsyncIterable<RecordFacts[]>;
  /** One record's facts, or null when the source does not hold it. */
  find: (id: string) => Promise<RecordFacts | null>;
  holds: Hold[];
  /** Due records whose deletion is under way (the manual destruction worklist); empty without a store. */
  worklist: DestructionWorklist;
  /** The store behind the records, when they come from one. */
  store: Store | null;
  /**
   * Whether every record was checked before the first one is handed out (a store's were, on
   * import); when not, a bad record can stop the command half-way, so a command holds back what
   * it prints until the records have all been read.
   */
  checked: boolean;
  close: () => Promise<void>;
}

/** The hold_while flags a policy names: only those columns of a CSV inventory are booleans. */
export function flagNamesOf(policy: CompiledPolicy): Set<string> {
  return new Set(policy.rules.flatMap((r) => r.holdWhile));
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
  if (flags.inventory !== undefined) {
    const input = await openInventory(flags.inventory, ctx);
    const flagNames = flagNamesOf(policy);
    const facts = () => factsFromInventory(readInventory(input, { flagNames }));
    return {
      facts,
      find: (id) => findIn(facts(), id),
      holds: [],
      worklist: EMPTY_WORKLIST,
      store: null,
      // An inventory is read as the command goes: one that fails near its end must leave stdout empty.
      checked: false,
      close: () => input.close(),
    };
  }
  if (!flags.db && !config) {
    throw usageError('no records given: use --inventory FILE (CSV, JSON or JSON Lines) or --db FILE (a store filled by "retention inventory import")');
  }
  const store = await openCommandStore(storePath(flags, ctx, config), ctx, access);
  const { facts, find, close } = factsWithFoundBack(store, config, (message) => ctx.out.error(message));
  const closeBoth = async () => {
    try {
      await close();
    } finally {
      await store.close();
    }
  };
  const isManual = (target: string) => (config?.targets.has(target) ? config.targets.get(target)?.type === 'manual' : null);
  const worklist = new DestructionWorklist(await store.unsettledIntents(), isManual, policy.timezone);
  return { facts, find, holds: await store.activeHolds(), worklist, store, checked: true, close: closeBoth };
}

/** An inventory file has no recorded events: one frozen empty history for every record. */
const NO_RECORDED_EVENTS = Object.freeze({});

async function* factsFromInventory(batches: AsyncIterable<RecordFacts['record'][]>): AsyncIterable<RecordFacts[]> {
  for await (const batch of batches) yield batch.map((record) => ({ record, subjectEvents: NO_RECORDED_EVENTS, tombstone: null }));
}

/** The record with this id, once the WHOLE inventory has been read: a bad row after it still stops the command. */
async function findIn(batches: AsyncIterable<RecordFacts[]>, id: string): Promise<RecordFacts | null> {
  let found: RecordFacts | null = null;
  for await (const batch of batches) found ??= batch.find((f) => f.record.id === id) ?? null;
  return found;
}
