import type { InventoryRecord } from '../engine/types.js';
import type { InventoryInput } from './input.js';

/**
 * Records in file order with their places: a place is a number the reader can turn into the
 * line a record starts on (the line itself for JSON; the record's ordinal for CSV, whose lines
 * cost a pass). Two arrays side by side, not an object per record.
 */
export interface PlacedBatch {
  readonly records: readonly InventoryRecord[];
  readonly places: readonly number[];
}

/** What each format module provides for one file. */
export interface RecordSource {
  /**
   * The file's records in order, streamed in batches of whatever the reader has at hand (one
   * async step per batch, not per record). Throws an input error at the first problem,
   * naming the inventory (`input.name`) and the line.
   */
  records: AsyncIterable<PlacedBatch>;
  /** The lines the records at these places start on, to report a problem between records. */
  linesOf(places: readonly number[]): Promise<number[]>;
}

export type RecordReader = (input: InventoryInput, flagNames: ReadonlySet<string>) => RecordSource;

/** For formats whose places already are line numbers. */
export const placesAreLines = async (places: readonly number[]): Promise<number[]> => [...places];

/** A batch of one record (the JSON formats read one element at a time). */
export const oneRecord = (record: InventoryRecord, place: number): PlacedBatch => ({ records: [record], places: [place] });
