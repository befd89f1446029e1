/**
 * `inventory import --from TARGET --query SQL` on a `postgres` target: the query runs in a
 * READ ONLY transaction through a cursor (DECLARE … CURSOR, which takes only a query), so no
 * statement can change the database and the rows come a batch at a time, in bounded memory.
 * The DECLARE goes through the extended protocol (a named statement), where the server takes
 * exactly one statement: `SELECT 1; COMMIT; DELETE …` would otherwise end the read-only
 * transaction and run the DELETE.
 * `date` columns arrive as their text (YYYY-MM-DD); other values as the driver reads them.
 */
import pg from 'pg';
import { environmentError, usageError } from '../errors.js';
import { messageOf } from '../error-details.js';
import { connect } from '../postgres/connect.js';
import { shownUrl } from '../postgres/url.js';
import type { PostgresConfig } from '../targets/postgres.js';
import type { RowSource } from './query-records.js';

const ROWS_PER_FETCH = 1000;
const LOCK_WAIT_MS = 5000;
/** OIDs of date, timestamp and timestamptz: kept as the server's text, never turned into JS Dates in the local zone. */
const DATE_TYPES = [1082, 1114, 1184];

export async function postgresRows(target: string, config: PostgresConfig, sql: string): Promise<RowSource> {
  let client: pg.Client;
  try {
    client = await connect(config.database, { lockTimeoutMs: LOCK_WAIT_MS });
  } catch (error) {
    throw environmentError('target.unusable', `target "${target}": cannot connect to ${shownUrl(config.database)}: ${messageOf(error)}`, {
      target,
    });
  }
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
      DATE_TYPES.includes(oid) ? (text: string) => text : (pg.types.getTypeParser(oid, format) as (value: string) => unknown),
  };
  const fetch = (text: string) => client.query({ text, rowMode: 'array', types });
  let first: pg.QueryArrayResult;
  try {
    await client.query('BEGIN READ ONLY');
    try {
      await client.query({ name: 'inventory-cursor', text: `DECLARE inventory NO SCROLL CURSOR FOR ${sql}` });
    } catch (error) {
      throw usageError('usage.bad-value', `--query: PostgreSQL cannot run it as one query (one statement, a SELECT): ${messageOf(error)}`, {
        flag: '--query',
      });
    }
    first = await fetchRows(target, fetch);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  async function* batches(): AsyncGenerator<unknown[][]> {
    let result = first;
    for (;;) {
      if (result.rows.length > 0) yield result.rows;
      if (result.rows.length < ROWS_PER_FETCH) return;
      result = await fetchRows(target, fetch);
    }
  }
  return {
    columns: first.fields.map((field) => field.name),
    batches: batches(),
    close: () => client.end().catch(() => undefined),
  };
}

/** The next rows; a query failing as it runs (a division by zero, a lost connection) is not a bug. */
async function fetchRows(target: string, fetch: (text: string) => Promise<pg.QueryArrayResult>): Promise<pg.QueryArrayResult> {
  try {
    return await fetch(`FETCH ${ROWS_PER_FETCH} FROM inventory`);
  } catch (error) {
    throw environmentError('target.unusable', `target "${target}": reading the query's rows failed: ${messageOf(error)}`, { target });
  }
}
