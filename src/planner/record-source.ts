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
  /**
   * Whether every record was checked before the first one is handed out (a store's were, on
   * import); when not, a bad record can stop the command half-way, so a command holds back what
   * it prints until the records have all been read (cli/held-output.ts).
   */
  checked: boolean;
  close: () => Promise<void>;
}

/**
 * The records of the inventory `file` (`-`: standard input), read as the command goes, so not
 * `checked`: a bad row near the end stops the command after part of the records were handed
 * out, and the command must hold back what it prints until then. The input can be read again
 * from its start (a pipe was copied; a changed file is refused). The policy's `hold_while`
 * flags are the CSV's booleans. A relative `file` starts at `origin.cwd`, and `-` reads
 * `origin.stdin`.
 */
export async function recordsFromInventory(file: string, policy: CompiledPolicy, origin: InventoryOrigin = {}): Promise<RecordSource> {
  const input = await openInventory(file, origin);
  const flagNames = flagNamesOf(policy);
  const facts = () => factsOf(readInventory(input, { flagNames, batchSize: PLAN_BATCH_SIZE }));
  return {
    facts,
    find: (id) => findIn(facts(), id),
    holds: [],
    worklist: EMPTY_WORKLIST,
    store: null,
    checked: false,
    close: () => input.close(),
  };
}

/**
 * Records decided and rendered together. Everything a batch allocates lives until its last
 * line is written, and what is alive when the young generation is collected gets copied: a
 * thousand records' worth per collection cost a million-record plan a second of garbage
 * collection; a fifth of that costs a fifth, and the batches are still few (4,000).
 */
const PLAN_BATCH_SIZE = 250;

/** An inventory file has no recorded events: one frozen empty history for every record. */
const NO_RECORDED_EVENTS = Object.freeze({});

async function* factsOf(batches: AsyncIterable<InventoryRecord[]>): AsyncIterable<RecordFacts[]> {
  for await (const batch of batches) yield batch.map((record) => ({ record, subjectEvents: NO_RECORDED_EVENTS, tombstone: null }));
}

/** The record with this id, once the WHOLE inventory has been read: a bad row after it still stops the command. */
async function findIn(batches: AsyncIterable<RecordFacts[]>, id: string): Promise<RecordFacts | null> {
  let found: RecordFacts | null = null;
  for await (const batch of batches) found ??= batch.find((f) => f.record.id === id) ?? null;
  return found;
}
