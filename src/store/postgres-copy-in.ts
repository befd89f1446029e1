/**
 * Rows into a PostgreSQL table with `COPY … FROM STDIN` (pg-copy-streams), the fastest way in:
 * the rows stream to the server while the caller still produces them (an inventory being
 * parsed), with back-pressure. Text format: a value is escaped as COPY's text format reads it.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Sql } from './postgres-session.js';

export type CopyValue = string | number | null;

/**
 * Copies every batch of rows into `table`, each row written as `line` gives it (its values in
 * `columns` order, as copyLine writes them), then gives the
 * table planner statistics (analyzeLoaded); resolves to the number of rows. A batch is sent as
 * one chunk of bytes (batchBytes). If a batch fails to come (the source throws), the COPY is
 * abandoned and that error is thrown: the caller's transaction then holds none of it. Table and
 * column names are the caller's constants, never user input.
 */
export async function copyRowsIn<Row>(
  sql: Sql,
  table: string,
  columns: readonly string[],
  batches: Iterable<readonly Row[]> | AsyncIterable<readonly Row[]>,
  line: (row: Row) => string,
): Promise<number> {
  let rows = 0;
  async function* chunks(): AsyncIterable<Buffer> {
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      rows += batch.length;
      yield batchBytes(batch, line);
    }
  }
  await pipeline(Readable.from(chunks()), sql.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
  await analyzeLoaded(sql, table);
  return rows;
}

/**
 * A batch's lines as UTF-8, each written into one buffer as it is made. Joining the batch's
 * lines into one string first and encoding that cost a million-row import about 1.2 s of its
 * main thread (flattening a string of some 15,000 pieces, then encoding it), four times this.
 */
export function batchBytes<Row>(batch: readonly Row[], line: (row: Row) => string): Buffer {
  let bytes = Buffer.allocUnsafe(BATCH_BUFFER_START);
  let used = 0;
  for (const row of batch) {
    const text = line(row);
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
    const room = used + text.length * 3;
    if (room > bytes.length) {
      const larger = Buffer.allocUnsafe(Math.max(room, bytes.length * 2));
      bytes.copy(larger, 0, 0, used);
      bytes = larger;
    }
    used += bytes.write(text, used, 'utf8');
  }
  return bytes.subarray(0, used);
}

const BATCH_BUFFER_START = 256 * 1024;

/**
 * A table filled by COPY has no planner statistics until autovacuum comes by (a minute or more
 * later). Until then the planner guesses that almost no row is live and reads every page of a
 * plan's keyset query (`id > $1 … ORDER BY id LIMIT n`) by a full scan and a sort: a plan of a
 * million records just imported took minutes. ANALYZE after a bulk load is what PostgreSQL's
 * manual advises ("Populating a Database"); a sample of 3,000 rows (statistics target 10, for
 * this statement only) is enough to choose the key's index and costs milliseconds, not the
 * second of the default sample. A role that does not own the table is only warned (the server
 * skips it, autovacuum does it later).
 */
async function analyzeLoaded(sql: Sql, table: string): Promise<void> {
  await sql.query(`SET LOCAL default_statistics_target = 10; ANALYZE ${table}; SET LOCAL default_statistics_target = DEFAULT`);
}

/** One row of COPY's text format: the values escaped, tab-separated, and a newline. */
export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyText).join('\t')}\n`;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;

/** COPY text format: NULL is \N; backslash, newline, carriage return and tab are escaped. */
export function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
