#!/usr/bin/env node
/**
 * The plan benchmark's baseline: "reading the same rows with no logic". Streams every row of
 * the store's `records` table, all columns, in the planner's order (id, the clustering key),
 * and writes each as one JSON line to stdout — the same I/O as `plan --format ndjson`, no
 * decisions.
 *
 *   node test/bench/read-rows-baseline.js STORE.db > /dev/null
 */
import { once } from 'node:events';
import Database from 'better-sqlite3';

const ROWS_PER_WRITE = 1000;

const [storeFile] = process.argv.slice(2);
if (!storeFile) {
  console.error('usage: read-rows-baseline.js STORE.db');
  process.exit(2);
}

const db = new Database(storeFile, { readonly: true, fileMustExist: true });
let text = '';
let pending = 0;
for (const row of db.prepare('SELECT * FROM records ORDER BY id').iterate()) {
  text += `${JSON.stringify(row)}\n`;
  if (++pending === ROWS_PER_WRITE) {
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
    text = '';
    pending = 0;
  }
}
process.stdout.write(text);
db.close();
