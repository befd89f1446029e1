/**
 * SQLite's own consistency check of a store (`PRAGMA integrity_check`), run in a worker thread
 * on a read-only connection of its own, so that `audit verify` hashes the chain meanwhile: on
 * a million-entry log the check reads every page of the file and took a quarter of the time,
 * one core idle. The check sees the file as of when its read begins, as a check in the main
 * thread before the chain would. Only a read-only connection outside a transaction hands the
 * check over: a writing one may hold changes that no other connection sees yet (a store being
 * made checks itself before it is kept), and an in-memory database has no file to share; they
 * are checked in place.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from './sqlite-errors.js';

/** The messages of `PRAGMA integrity_check` (`["ok"]` for a sound file); rejects with SQLite's error as the main thread would meet it. */
export function integrityCheckMessages(db: Database.Database): Promise<string[]> {
  if (!db.readonly || db.inTransaction || db.memory) return Promise.resolve(messagesOf(db.pragma('integrity_check', { simple: false })));
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: db.name, driver: DRIVER, timeout: BUSY_TIMEOUT_MS },
    });
    worker.once('message', (answer: WorkerAnswer) => {
      if ('messages' in answer) resolve(answer.messages);
      else reject(answer.code === null ? new Error(answer.message) : new Database.SqliteError(answer.message, answer.code));
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the store's integrity check stopped with exit code ${code} before it answered (this is a bug)`)),
    );
  });
}

type WorkerAnswer = { messages: string[] } | { message: string; code: string | null };

function messagesOf(rows: unknown): string[] {
  return (rows as { integrity_check: string }[]).map((row) => row.integrity_check);
}

/** The driver the main thread uses, found once: the worker loads the very same one. */
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * The worker's code, as text (a worker from a file would need the compiled file beside this
 * one, which the tests, run from the TypeScript sources, do not have). It answers once, with
 * the messages or with the error (its SQLite code kept, for the store's error translation).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.timeout });
  const rows = db.pragma('integrity_check', { simple: false });
  parentPort.postMessage({ messages: rows.map((row) => row.integrity_check) });
} catch (error) {
  parentPort.postMessage({ message: String(error && error.message), code: error instanceof Database.SqliteError ? error.code : null });
} finally {
  if (db) db.close();
}
`;
