/**
 * Where `plan` and `explain` read records from: an inventory file (no store, no holds) or the
 * store (apply/found-back.ts). Both give the same shape, so the planner never asks which.
 */
import type { CompiledPolicy, Hold, InventoryRecord, RecordFacts } from '../engine/types.js';
import type { InventoryOrigin } from '../inventory/input.js';
import { openInventory, readInventory } from '../inventory/read.js';
import { flagNamesOf } from '../policy/names.js';
import type { AuditLog, Events, Inventory, SavedPlans } from '../store/types.js';
import { DestructionWorklist, EMPTY_WORKLIST } from './worklist.js';

/** What `plan` and `explain` read from a store beside its records, and where `plan --out` saves a plan. */
export type RecordStore = Inventory & Events & AuditLog & SavedPlans;

export interface RecordSource {
  facts: () => AsyncIterable<RecordFacts[]>;
  /** One record's facts, or null when the source does not hold it. */
  find: (id: string) => Promise<RecordFacts | null>;
  holds: readonly Hold[];
  /** Due records whose deletion is under way (the manual destruction worklist); empty without a store. */
  worklist: DestructionWorklist;
  /** The store behind the records, when they come from one. */
  store: RecordStore | null;
  close: () => Promise<void>;
}

/**
 * The records of the inventory `file` (`-`: standard input), read whole once before anything
 * is printed: a bad row near the end must stop the command with nothing on stdout, not after
 * half a plan has streamed out. The input reads the same bytes again for the plan (a pipe was
 * copied; a changed file is refused). The policy's `hold_while` flags are the CSV's booleans.
 * A relative `file` starts at `origin.cwd`, and `-` reads `origin.stdin`.
 */
export async function recordsFromInventory(file: string, policy: CompiledPolicy, origin: InventoryOrigin = {}): Promise<RecordSource> {
  const input = await openInventory(file, origin);
  const flagNames = flagNamesOf(policy);
  const facts = () => factsOf(readInventory(input, { flagNames }));
  try {
    for await (const batch of readInventory(input, { flagNames })) void batch;
  } catch (error) {
    await input.close();
    throw error;
  }
  return { facts, find: (id) => findIn(facts(), id), holds: [], worklist: EMPTY_WORKLIST, store: null, close: () => input.close() };
}

async function* factsOf(batches: AsyncIterable<InventoryRecord[]>): AsyncIterable<RecordFacts[]> {
  for await (const batch of batches) yield batch.map((record) => ({ record, subjectEvents: {}, tombstone: null }));
}

async function findIn(batches: AsyncIterable<RecordFacts[]>, id: string): Promise<RecordFacts | null> {
  for await (const batch of batches) {
    const hit = batch.find((f) => f.record.id === id);
    if (hit) return hit;
  }
  return null;
}

