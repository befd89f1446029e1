/**
 * The records of a first import, inserted by a worker thread while the main thread reads and
 * checks the file: on a million-record import SQLite's inserts were a third of the time, the
 * reading the rest, and the second core idle.
 *
 * Only for a store being made (sqlite-create.ts): its file is private until it is linked in
 * place, and the link is the commit. So the worker inserts on a connection of its own and
 * commits, and the main connection writes the rest of the import (the `import` entry) after
 * it; an error anywhere (a bad row on line 900,000, a full disk) leaves only the temporary
 * file, which createStore removes. Nothing of an existing store goes this way.
 *
 * A record whose id is already in the store (listed twice; never by an inventory file, whose
 * reader refuses a duplicate id) is not inserted by the worker but handed back, in file order,
 * for the import's one-at-a-time way, which decides what a re-listing means.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { InventoryRecord } from '../engine/types.js';
import { CONTENT_COLUMNS, recordContent, type RecordContent } from './rows/records.js';
import { BUSY_TIMEOUT_MS } from './sqlite-errors.js';
import { GROUP, IMPORT_PAGE_CACHE, INSERT_GROUP_SQL, INSERT_ONE_SQL } from './sqlite-new-records.js';

/**
 * The settings of a connection that fills a new store: the journal in memory (a failed
 * statement still rolls back) and no fsync per commit; createStore syncs the file once.
 */
export const FILLING_PRAGMAS = ['journal_mode = MEMORY', 'synchronous = OFF', 'foreign_keys = ON'] as const;

/**
 * Records per message to the worker: their text (some 64 KB) stays in V8's young generation,
 * where a batch of a thousand (250 KB) would be a large object each time.
 */
const MESSAGE_RECORDS = 8 * GROUP;

/** Messages sent and not yet inserted: enough to keep the worker busy, few enough that memory does not grow with the file. */
const IN_FLIGHT = 16;

export interface NewStoreFill {
  /** Records read from the source. */
  readonly records: number;
  /** Of those, the records the worker inserted. */
  readonly inserted: number;
  /** The others, in source order: their ids were in the store already. */
  readonly listedAgain: readonly RecordContent[];
}

/**
 * Inserts the records of `batches` into the store file `file`, which nothing else writes to
 * meanwhile (no connection of this process may be in a transaction on it), each with
 * `imported_at = now`. Resolves when they are committed; on an error of the source or of
 * SQLite the worker rolls back, and the error is passed on (SQLite's as a SqliteError).
 */
export async function fillNewStore(
  file: string,
  batches: AsyncIterable<readonly InventoryRecord[]> | Iterable<readonly InventoryRecord[]>,
  now: string,
): Promise<NewStoreFill> {
  const worker = new FillWorker(file, now);
  try {
    let records = 0;
    for await (const batch of batches) {
      for (let from = 0; from < batch.length; from += MESSAGE_RECORDS) await worker.send(joined(batch, from));
      records += batch.length;
    }
    const { inserted, listedAgain } = await worker.finish();
    return { records, inserted, listedAgain };
  } finally {
    await worker.stop();
  }
}

/**
 * A batch as it crosses to the worker: its RecordContent values one after the other, joined
 * by U+0000 into one text (copied whole, where a million records' values one by one cost the
 * main thread a tenth of the import), nulls as empty texts listed by position. No value holds
 * U+0000 (the readers refuse control characters; JSON.stringify escapes them); the worker
 * checks that it splits the text into as many values as were joined, and fails otherwise.
 */
interface JoinedBatch {
  readonly rows: number;
  readonly text: string;
  readonly nulls: readonly number[];
}

function joined(batch: readonly InventoryRecord[], from: number): JoinedBatch {
  const to = Math.min(batch.length, from + MESSAGE_RECORDS);
  const values = new Array<string>((to - from) * CONTENT_COLUMNS.length);
  const nulls: number[] = [];
  let at = 0;
  for (let i = from; i < to; i++) {
    for (const value of recordContent(batch[i]!)) {
      if (value === null) nulls.push(at);
      values[at++] = value ?? '';
    }
  }
  return { rows: to - from, text: values.join('\0'), nulls };
}

type WorkerAnswer =
  | { readonly ack: true }
  | { readonly inserted: number; readonly listedAgain: RecordContent[] }
  | { readonly message: string; readonly code: string | null };

/** The main thread's side of the worker: sends batches, at most IN_FLIGHT ahead, and passes its failure on. */
class FillWorker {
  private readonly worker: Worker;
  private inFlight = 0;
  private failure: Error | null = null;
  private finished: { inserted: number; listedAgain: RecordContent[] } | null = null;
  /** Wakes the main thread waiting for an answer (an ack, the end, a failure). */
  private wake: () => void = () => {};

  constructor(file: string, now: string) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        now,
        driver: DRIVER,
        timeout: BUSY_TIMEOUT_MS,
        pragmas: [...FILLING_PRAGMAS, IMPORT_PAGE_CACHE],
        width: CONTENT_COLUMNS.length,
        group: GROUP,
        insertGroup: INSERT_GROUP_SQL,
        insertOne: INSERT_ONE_SQL,
      },
    });
    this.worker.on('message', (answer: WorkerAnswer) => {
      if ('ack' in answer) this.inFlight -= 1;
      else if ('inserted' in answer) this.finished = answer;
      else this.failure = answer.code === null ? new Error(answer.message) : new Database.SqliteError(answer.message, answer.code);
      this.wake();
    });
    this.worker.on('error', (error) => {
      this.failure ??= error;
      this.wake();
    });
    this.worker.on('exit', (code) => {
      this.failure ??= new Error(`the store's fill worker stopped with exit code ${code} before it answered (this is a bug)`);
      this.wake();
    });
  }

  async send(batch: JoinedBatch): Promise<void> {
    this.throwFailure();
    this.worker.postMessage(batch);
    this.inFlight += 1;
    while (this.inFlight >= IN_FLIGHT) await this.answer();
  }

  async finish(): Promise<{ inserted: number; listedAgain: RecordContent[] }> {
    this.throwFailure();
    this.worker.postMessage(null);
    while (this.finished === null) await this.answer();
    return this.finished;
  }

  /** Ends the worker; one that has not finished is stopped where it is, its transaction never committed. */
  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private answer(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve)).then(() => this.throwFailure());
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure;
  }
}

/** The driver the main thread uses, found once: the worker loads the very same one. */
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * The worker's code, as text (a worker from a file would need the compiled file beside this
 * one, which the tests, run from the TypeScript sources, do not have). Each message is a
 * JoinedBatch, or null for the end. Rows go in GROUP at a time (a remainder waits for the next
 * batch); a group that fails on an id the store has goes one row at a time, and the rows that
 * find their id taken are answered back. One transaction: it commits at the end, and a worker
 * stopped or failed before that leaves nothing written.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { file, now, timeout, pragmas, width, group } = workerData;
let db, insertGroup, insertOne;
const rowParameters = new Array(width + 1);
const listedAgain = [];
let carried = [];
let inserted = 0;

function insertRow(values, from) {
  for (let i = 0; i < width; i++) rowParameters[i] = values[from + i];
  rowParameters[width] = now;
  if (insertOne.run(rowParameters).changes === 1) inserted += 1;
  else listedAgain.push(values.slice(from, from + width));
}

function insertRowsOf(values, from) {
  try {
    // Spread, not an array: better-sqlite3 reads an array's values by generic lookups, a tenth of the insert.
    insertGroup.run(...values.slice(from, from + group * width), { now });
    inserted += group;
  } catch (error) {
    if (!(error instanceof Database.SqliteError) || error.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
    for (let row = 0; row < group; row++) insertRow(values, from + row * width);
  }
}

function take({ rows, text, nulls }) {
  const batch = text.split('\\0');
  if (batch.length !== rows * width) throw new Error('a value of the import holds U+0000, which separates them on the way to the store (this is a bug)');
  for (const at of nulls) batch[at] = null;
  const values = carried.length === 0 ? batch : carried.concat(batch);
  const groupWidth = group * width;
  let from = 0;
  for (; from + groupWidth <= values.length; from += groupWidth) insertRowsOf(values, from);
  carried = values.slice(from);
}

function end() {
  for (let from = 0; from < carried.length; from += width) insertRow(carried, from);
  db.exec('COMMIT');
  db.close();
  parentPort.postMessage({ inserted, listedAgain });
}

try {
  db = new Database(file, { fileMustExist: true, timeout });
  for (const pragma of pragmas) db.pragma(pragma);
  insertGroup = db.prepare(workerData.insertGroup);
  insertOne = db.prepare(workerData.insertOne);
  db.exec('BEGIN IMMEDIATE');
} catch (error) {
  fail(error);
}

parentPort.on('message', (batch) => {
  try {
    if (batch === null) end();
    else {
      take(batch);
      parentPort.postMessage({ ack: true });
    }
  } catch (error) {
    fail(error);
  }
});

function fail(error) {
  if (db && db.open) db.close();
  parentPort.postMessage({ message: String(error && error.message), code: error instanceof Database.SqliteError ? error.code : null });
  parentPort.close();
}
`;
