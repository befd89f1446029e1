/**
 * Work `audit verify` hands to worker threads, each on a read-only connection of its own, so
 * that the main thread hashes the chain meanwhile: SQLite's own consistency check (`PRAGMA
 * integrity_check`: on a million-entry log it reads every page of the file and took a quarter
 * of the time, one core idle), and the reading of the rows the log's deletions are compared
 * with (half a million entries and as many tombstones on that log, a fifth of the main
 * thread). A worker sees the file as of when its read begins, as the main thread would before
 * the chain. Only a read-only connection outside a transaction hands work over: a writing one
 * may hold changes that no other connection sees yet (a store being made checks itself before
 * it is kept), and an in-memory database has no file to share; the work is then done in place.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './sqlite-errors.js';

/** The messages of `PRAGMA integrity_check` (`["ok"]` for a sound file); rejects with SQLite's error as the main thread would meet it. */
export function integrityCheckMessages(db: Database.Database): Promise<string[]> {
  if (!sharable(db)) return Promise.resolve(messagesOf(db.pragma('integrity_check', { simple: false })));
  return inWorker<string[]>(db, { integrityCheck: true });
}

/**
 * The rows of each of `queries` (SELECTs without parameters), as arrays of column values, all
 * read in one read transaction: the tables as of one moment. `Columns` names each query's
 * columns: the caller's SQL is what fixes them.
 */
export function rowsOf<Columns extends unknown[][]>(
  db: Database.Database,
  queries: readonly string[],
): Promise<{ [Q in keyof Columns]: Columns[Q][] }> {
  type Answer = { [Q in keyof Columns]: Columns[Q][] };
  if (!sharable(db)) return Promise.resolve(db.transaction(() => queries.map((sql) => readRaw(db, sql))).deferred() as Answer);
  return inWorker<Answer>(db, { queries });
}

function sharable(db: Database.Database): boolean {
  return db.readonly && !db.inTransaction && !db.memory;
}

function readRaw(db: Database.Database, sql: string): unknown[][] {
  return db.prepare<[], unknown[]>(sql).raw().all();
}

type Job = { integrityCheck: true } | { queries: readonly string[] };
type WorkerAnswer = { answer: unknown } | { message: string; code: string | null };

function inWorker<T>(db: Database.Database, job: Job): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: db.name, driver: DRIVER, timeout: BUSY_TIMEOUT_MS, job },
    });
    worker.once('message', (reply: WorkerAnswer) => {
      if ('answer' in reply) resolve(reply.answer as T);
      else reject(reply.code === null ? new Error(reply.message) : new Database.SqliteError(reply.message, reply.code));
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the store's worker stopped with exit code ${code} before it answered (this is a bug)`)),
    );
  });
}

function messagesOf(rows: unknown): string[] {
  return (rows as { integrity_check: string }[]).map((row) => row.integrity_check);
}

/** The driver the main thread uses, found once: the worker loads the very same one. */
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * The worker's code, as text (a worker from a file would need the compiled file beside this
 * one, which the tests, run from the TypeScript sources, do not have). It answers once, with
 * the answer or with the error (its SQLite code kept, for the store's error translation).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { job } = workerData;
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.timeout });
  const answer = job.integrityCheck
    ? db.pragma('integrity_check', { simple: false }).map((row) => row.integrity_check)
    : db.transaction(() => job.queries.map((sql) => db.prepare(sql).raw().all())).deferred();
  parentPort.postMessage({ answer });
} catch (error) {
  parentPort.postMessage({ message: String(error && error.message), code: error instanceof Database.SqliteError ? error.code : null });
} finally {
  if (db) db.close();
}
`;
