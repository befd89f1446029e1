/**
 * The `postgres` target at work (postgres.ts is its config): a batch of refs is deleted with one
 * `DELETE … WHERE key = ANY($1) RETURNING key` in a transaction. Refs are compared as the key
 * column's own type, so an index on it is used, but only the row the ref names is deleted, as
 * the sqlite target does: a ref must be the key's own text (`01` is refused for the integer key
 * 1, issue A1); a key matching several rows, or a deletion that a cascade or trigger carries
 * to other rows (issue A6), rolls the batch back, and each ref is then tried alone. "Already
 * absent" is not believed from an empty table or beside a row whose key differs only in case
 * or spaces (issue A7).
 */
import pg from 'pg';
import { environmentError } from '../errors.js';
import { connect } from '../postgres/connect.js';
import { shownUrl } from '../postgres/url.js';
import type { PostgresConfig } from './postgres.js';
import { countOf } from '../plural.js';
import { EMPTY_TABLE, NOT_PLAIN, SIMILAR_KEY } from './row-doubts.js';
import type { FoundAgain, Target, TargetOutcome } from './types.js';

/** How long a deletion waits for a row or table another program holds locked. */
const LOCK_WAIT_MS = 5000;
const LOCKED = `table is locked by another program (waited ${LOCK_WAIT_MS / 1000} s); not deleted, the next run tries again`;

export async function openPostgresTarget(name: string, config: PostgresConfig): Promise<Target> {
  try {
    return new PostgresTable(name, await connect(config.database, { lockTimeoutMs: LOCK_WAIT_MS }), config);
  } catch (error) {
    throw environmentError(
      'target.unusable',
      `target "${name}": cannot connect to ${shownUrl(config.database)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

class PostgresTable implements Target {
  readonly type = 'postgres';
  /** The key column's type as the catalogue names it (e.g. `integer`, `text`), found by check(). */
  private keyType: string | null = null;
  /** Set once the server was lost: the rest of the run fails this target's records at once. */
  private unavailable: string | null = null;
  /** Whether this run deleted a row here: an empty table is then no sign of a wrong database. */
  private deletedAny = false;
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
      for (const [ref, key] of keys) if (key !== ref) outcomes.set(ref, { ref, outcome: 'failed', error: NOT_PLAIN });
      const wanted = refs.filter((ref) => !outcomes.has(ref));
      // One statement for the batch; if anything is off (a key matching several rows, a
      // cascade or trigger touching other rows) it is rolled back and each ref tried alone.
      const together = await this.deleteExactly(wanted, keyType);
      const deleted = together.refused === null ? together.deleted : await this.deleteOneByOne(wanted, keyType, outcomes);
      for (const ref of wanted) {
        if (outcomes.has(ref)) continue;
        // No fingerprint yet (issue A3 is done for sqlite and files): a row found back here cannot be told from a new one.
        if (deleted.has(ref)) outcomes.set(ref, { ref, outcome: 'deleted', fingerprint: null });
        else {
          const doubt = await this.doubtAboutMiss(ref);
          outcomes.set(ref, doubt === null ? { ref, outcome: 'absent' } : { ref, outcome: 'failed', error: doubt });
        }
      }
      if (deleted.size > 0) this.deletedAny = true;
    } catch (error) {
      return failAll(refs, this.failure(error));
    }
    return refs.map((ref) => outcomes.get(ref) ?? { ref, outcome: 'failed', error: 'target gave no outcome' });
  }

  /** true when the row whose key is the ref exactly is there; false only when its absence is believed; otherwise 'unknown'. */
  async exists(ref: string): Promise<boolean | 'unknown'> {
    if (this.unavailable !== null) return 'unknown';
    const keyType = await this.requireKeyType();
    if (typeof keyType !== 'string') return 'unknown';
    try {
      const key = (await this.keysOf([ref], keyType, new Map())).get(ref);
      if (key === undefined) return false;
      if (key !== ref) return 'unknown';
      const { rowCount } = await this.client.query(`SELECT 1 FROM ${this.table} WHERE ${this.key} = $1::${keyType} LIMIT 1`, [key]);
      if ((rowCount ?? 0) > 0) return true;
      return (await this.doubtAboutMiss(ref)) === null ? false : 'unknown';
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
      const { rows } = await this.client.query<{ ref: string; key: string }>(
        `SELECT r AS ref, r::${keyType}::text AS key FROM unnest($1::text[]) AS r`,
        [refs],
      );
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

  /**
   * Deletes the rows of `refs` (each the canonical text of its key) in one transaction, kept
   * only if each ref matched at most one row and nothing else changed: the rows changed in the
   * transaction, as the server counts them (cascades and trigger writes included), must be
   * exactly the rows deleted (issue A6). Otherwise rolled back, with why.
   */
  private async deleteExactly(refs: readonly string[], keyType: string): Promise<{ deleted: Map<string, number>; refused: string | null }> {
    const deleted = new Map<string, number>();
    if (refs.length === 0) return { deleted, refused: null };
    await this.client.query('BEGIN');
    try {
      const before = await this.rowsChanged();
      const { rows } = await this.client.query<{ key: string }>(
        `DELETE FROM ${this.table} WHERE ${this.key} = ANY($1::${keyType}[]) RETURNING ${this.key}::text AS key`,
        [refs],
      );
      for (const { key } of rows) deleted.set(key, (deleted.get(key) ?? 0) + 1);
      const others = (await this.rowsChanged()) - before - rows.length;
      const several = [...deleted.values()].find((n) => n > 1);
      const refused =
        several !== undefined
          ? `refused: key matches ${several} rows`
          : others > 0
            ? `refused: deleting it would also delete or change ${countOf(others, 'other row')} (a foreign-key cascade or a trigger); nothing was deleted`
            : null;
      await this.client.query(refused === null ? 'COMMIT' : 'ROLLBACK');
      return { deleted, refused };
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Each ref in a transaction of its own (after a batch was refused); refused refs are failed in `outcomes`. */
  private async deleteOneByOne(refs: readonly string[], keyType: string, outcomes: Map<string, TargetOutcome>): Promise<Set<string>> {
    const deleted = new Set<string>();
    for (const ref of refs) {
      const alone = await this.deleteExactly([ref], keyType);
      if (alone.refused !== null) outcomes.set(ref, { ref, outcome: 'failed', error: alone.refused });
      else if (alone.deleted.has(ref)) deleted.add(ref);
    }
    return deleted;
  }

  /** Rows inserted, updated or deleted in the current transaction, in every user table. */
  private async rowsChanged(): Promise<number> {
    const { rows } = await this.client.query<{ n: string }>(
      'SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text AS n FROM pg_stat_xact_user_tables',
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Why a ref with no row is not believed to be absent (issue A7); null when it is. */
  private async doubtAboutMiss(ref: string): Promise<string | null> {
    const { rows } = await this.client.query<{ any: boolean; similar: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${this.table}) AS any,
         EXISTS (SELECT 1 FROM ${this.table} WHERE lower(btrim(${this.key}::text)) = lower(btrim($1))) AS similar`,
      [ref],
    );
    const found = rows[0];
    // A table this run emptied is no sign of a wrong database.
    if (found?.any === false && !this.deletedAny) return EMPTY_TABLE;
    return found?.similar === true ? SIMILAR_KEY : null;
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
