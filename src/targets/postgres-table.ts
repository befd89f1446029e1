/**
 * The `postgres` target at work (postgres.ts is its config): a batch of refs is deleted with one
 * `DELETE … WHERE key = ANY($1) RETURNING key` in a transaction; a key matching several rows
 * (a key column that is not unique) rolls the batch back and is refused, the rest deleted again.
 * Refs are compared as the key column's own type, so an index on it is used.
 */
import pg from 'pg';
import { environmentError } from '../errors.js';
import { connect } from '../postgres/connect.js';
import { shownUrl } from '../postgres/url.js';
import type { PostgresConfig } from './postgres.js';
import type { FoundAgain, Target, TargetOutcome } from './types.js';

/** How long a deletion waits for a row or table another program holds locked. */
const LOCK_WAIT_MS = 5000;
const LOCKED = `table is locked by another program (waited ${LOCK_WAIT_MS / 1000} s); not deleted, the next run tries again`;

export async function openPostgresTarget(name: string, config: PostgresConfig): Promise<Target> {
  try {
    return new PostgresTable(name, await connect(config.database, { lockTimeoutMs: LOCK_WAIT_MS }), config);
  } catch (error) {
    throw environmentError('target.unusable', `target "${name}": cannot connect to ${shownUrl(config.database)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

class PostgresTable implements Target {
  readonly type = 'postgres';
  /** The key column's type as the catalogue names it (e.g. `integer`, `text`), found by check(). */
  private keyType: string | null = null;
  /** Set once the server was lost: the rest of the run fails this target's records at once. */
  private unavailable: string | null = null;
  private readonly table: string;
  private readonly key: string;

  constructor(
    readonly name: string,
    private readonly client: pg.Client,
    config: PostgresConfig,
  ) {
    // Checked as plain identifiers (postgres.ts) before they get here.
    this.table = `"${config.table}"`;
    this.key = `"${config.key}"`;
  }

  /** Pre-flight: the table is there and has the key column (whose type the deletions cast refs to). */
  async check(): Promise<string[]> {
    try {
      const { rows } = await this.client.query<{ found: boolean; type: string | null }>(
        `SELECT to_regclass($1) IS NOT NULL AS found,
           (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND attnum > 0 AND NOT attisdropped) AS type`,
        [this.table, this.key.slice(1, -1)],
      );
      const found = rows[0];
      if (!found?.found) return [`table ${this.table} not found`];
      if (!found.type) return [`table ${this.table} has no column ${this.key}`];
      this.keyType = found.type;
      return [];
    } catch (error) {
      return [`cannot read the table ${this.table}: ${messageOf(error)}`];
    }
  }

  async deleteBatch(refs: readonly string[]): Promise<TargetOutcome[]> {
    if (this.unavailable !== null) return failAll(refs, this.unavailable);
    const keyType = await this.requireKeyType();
    if (typeof keyType !== 'string') return failAll(refs, keyType.problem);
    const outcomes = new Map<string, TargetOutcome>();
    try {
      const keys = await this.keysOf(refs, keyType, outcomes);
      for (;;) {
        const wanted = [...keys].filter(([ref]) => !outcomes.has(ref));
        const deleted = await this.deleteKeys(wanted.map(([, key]) => key), keyType);
        const repeated = wanted.filter(([, key]) => (deleted.get(key) ?? 0) > 1);
        if (repeated.length === 0) {
          // No fingerprint yet (issue A3 is done for sqlite only): a row found back here cannot be told from a new one.
          for (const [ref, key] of wanted) outcomes.set(ref, deleted.has(key) ? { ref, outcome: 'deleted', fingerprint: null } : { ref, outcome: 'absent' });
          break;
        }
        // Rolled back: these refs are refused, and the batch is deleted again without them.
        for (const [ref, key] of repeated) outcomes.set(ref, { ref, outcome: 'failed', error: `refused: key matches ${deleted.get(key)} rows` });
      }
    } catch (error) {
      return failAll(refs, this.failure(error));
    }
    return refs.map((ref) => outcomes.get(ref) ?? { ref, outcome: 'failed', error: 'target gave no outcome' });
  }

  async exists(ref: string): Promise<boolean | 'unknown'> {
    if (this.unavailable !== null) return 'unknown';
    const keyType = await this.requireKeyType();
    if (typeof keyType !== 'string') return 'unknown';
    try {
      const keys = await this.keysOf([ref], keyType, new Map());
      const key = keys.get(ref);
      if (key === undefined) return false;
      const { rowCount } = await this.client.query(`SELECT 1 FROM ${this.table} WHERE ${this.key} = $1::${keyType} LIMIT 1`, [key]);
      return (rowCount ?? 0) > 0;
    } catch (error) {
      this.failure(error);
      return 'unknown';
    }
  }

  async tidy(): Promise<void> {}

  async findAgain(ref: string): Promise<FoundAgain> {
    return (await this.exists(ref)) === true ? 'unverified' : 'none';
  }

  unavailableReason(): string | null {
    return this.unavailable;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  private async requireKeyType(): Promise<string | { problem: string }> {
    if (this.keyType === null) {
      const problems = await this.check();
      if (this.keyType === null) return { problem: problems.join('; ') || 'the key column was not found' };
    }
    return this.keyType;
  }

  /**
   * Each ref as the key column's value written as text (so `017` for an integer key matches
   * the row `17` gives back); a ref that is no such value is failed in `outcomes`.
   */
  private async keysOf(refs: readonly string[], keyType: string, outcomes: Map<string, TargetOutcome>): Promise<Map<string, string>> {
    try {
      const { rows } = await this.client.query<{ ref: string; key: string }>(`SELECT r AS ref, r::${keyType}::text AS key FROM unnest($1::text[]) AS r`, [refs]);
      return new Map(rows.map((row) => [row.ref, row.key]));
    } catch (error) {
      if (sqlState(error) !== '22P02' || refs.length === 0) throw error;
    }
    // Some ref is not a value of the key's type: find which, one by one (rare).
    const keys = new Map<string, string>();
    for (const ref of refs) {
      try {
        const { rows } = await this.client.query<{ key: string }>(`SELECT $1::${keyType}::text AS key`, [ref]);
        if (rows[0]) keys.set(ref, rows[0].key);
      } catch (error) {
        if (sqlState(error) !== '22P02') throw error;
        outcomes.set(ref, { ref, outcome: 'failed', error: `refused: not a value of the key column's type ${keyType}` });
      }
    }
    return keys;
  }

  /** Deletes the rows of `keys` in one transaction; how many rows each key matched. Rolled back if a key matched more than one. */
  private async deleteKeys(keys: readonly string[], keyType: string): Promise<Map<string, number>> {
    const deleted = new Map<string, number>();
    if (keys.length === 0) return deleted;
    await this.client.query('BEGIN');
    try {
      const { rows } = await this.client.query<{ key: string }>(`DELETE FROM ${this.table} WHERE ${this.key} = ANY($1::${keyType}[]) RETURNING ${this.key}::text AS key`, [keys]);
      for (const { key } of rows) deleted.set(key, (deleted.get(key) ?? 0) + 1);
      await this.client.query([...deleted.values()].some((n) => n > 1) ? 'ROLLBACK' : 'COMMIT');
      return deleted;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** What a failed statement means for the refs of its batch; a lost server makes the target unavailable for the rest of the run. */
  private failure(error: unknown): string {
    const state = sqlState(error);
    if (state === '55P03') return LOCKED;
    const message = `delete failed: ${messageOf(error)}`;
    if (state === null || state.startsWith('08') || state.startsWith('57')) this.unavailable = message;
    return message;
  }
}

/** The SQLSTATE of the server's error; null for any other (a lost connection). */
function sqlState(error: unknown): string | null {
  return error instanceof pg.DatabaseError ? (error.code ?? null) : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failAll(refs: readonly string[], error: string): TargetOutcome[] {
  return refs.map((ref) => ({ ref, outcome: 'failed', error }));
}
