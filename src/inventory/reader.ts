import type { InventoryRecord } from '../engine/types.js';

/** A record and the file line it starts on (for duplicate-id messages). */
export interface LocatedRecord {
  record: InventoryRecord;
  line: number;
}

/**
 * What each format module provides: the file's records in order, streamed. It throws an input
 * error at the first problem, naming the file as given and the line.
 */
export type RecordReader = (path: string, flagNames: ReadonlySet<string>) => AsyncIterable<LocatedRecord>;
