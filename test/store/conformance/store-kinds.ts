/**
 * The store conformance suite runs every contract test against every kind of store listed in
 * STORE_KINDS: adding a kind is one line here (and a `StoreKindUnderTest` that hands out
 * empty locations). The tests reach the store only through src/store/index.ts and the
 * interfaces in src/store/types.ts, never through a kind's own modules. A kind that cannot
 * run here (no PostgreSQL installed) has its tests reported as skipped, never as passed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe } from 'vitest';
import { createStore, openStore, type Store, type StoreAccess } from '../../../src/store/index.js';
import { tickingClock } from '../helpers.js';
import { freshSchema, postgres } from '../../postgres/databases.js';

export interface StoreKindUnderTest {
  name: string;
  /** False where this kind cannot run (its server is not installed): its tests are skipped. */
  available: boolean;
  /** Whether its run lock locks each target on its own (runs over other targets go on), or the whole store. */
  locksPerTarget: boolean;
  /** Whether its run locks are a server's session locks, freed when the session ends: `unlock` has nothing to free. */
  locksFreedByServer: boolean;
  /** A location where no store is yet (a file path, a database URL), and how to remove what a test left there. */
  vacantLocation(): Promise<{ location: string; remove: () => Promise<void> }>;
  /** Runs SQL on the store at `location` behind the tool's back, as someone with sqlite3 or psql would. */
  tamper(location: string, sql: string): Promise<void>;
}

const sqliteFiles: StoreKindUnderTest = {
  name: 'SQLite',
  available: true,
  locksPerTarget: false,
  locksFreedByServer: false,
  async vacantLocation() {
    const dir = mkdtempSync(join(tmpdir(), 'retention-contract-'));
    return { location: join(dir, 'retention.db'), remove: async () => rmSync(dir, { recursive: true, force: true }) };
  },
  async tamper(location, sql) {
    const db = new Database(location);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  },
};

const postgresDatabases: StoreKindUnderTest = {
  name: 'PostgreSQL',
  available: postgres !== null,
  locksPerTarget: true,
  locksFreedByServer: true,
  async vacantLocation() {
    const place = await freshSchema();
    return { location: place.url, remove: () => place.drop() };
  },
  async tamper(location, sql) {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  },
};

export const STORE_KINDS: readonly StoreKindUnderTest[] = [sqliteFiles, postgresDatabases];

/** An empty store made for one test, open for writing, with the clock of tickingClock. */
export interface ContractStore {
  store: Store;
  /** Another connection to the same store, as a second process would open it; closed by cleanup. */
  reopen(access?: StoreAccess): Promise<Store>;
  /** Runs SQL on the store behind the tool's back (kind.tamper). */
  tamper(sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function contractStore(kind: StoreKindUnderTest): Promise<ContractStore> {
  const { location, remove } = await kind.vacantLocation();
  const now = tickingClock();
  await createStore(location, async () => undefined, { now });
  const store = await openStore(location, { access: 'write', now });
  const opened = [store];
  return {
    store,
    async reopen(access = 'write') {
      const other = await openStore(location, { access, now });
      opened.push(other);
      return other;
    },
    tamper: (sql) => kind.tamper(location, sql),
    async cleanup() {
      for (const connection of opened) await connection.close().catch(() => undefined);
      await remove();
    },
  };
}

/** One describe block per kind of store, titled with the kind's name; skipped for a kind that cannot run here. */
export function describeEachStore(title: string, body: (kind: StoreKindUnderTest) => void): void {
  for (const kind of STORE_KINDS) describe.skipIf(!kind.available)(`${title} (${kind.name} store)`, () => body(kind));
}
