/**
 * The store conformance suite runs every contract test against every kind of store listed in
 * STORE_KINDS: adding a kind is one line here (and a `StoreKindUnderTest` that hands out
 * empty locations). The tests reach the store only through src/store/index.ts and the
 * interfaces in src/store/types.ts, never through a kind's own modules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { createStore, openStore, type Store, type StoreAccess } from '../../../src/store/index.js';
import { tickingClock } from '../helpers.js';

export interface StoreKindUnderTest {
  name: string;
  /** A location where no store is yet (a file path, a database URL), and how to remove what a test left there. */
  vacantLocation(): Promise<{ location: string; remove: () => Promise<void> }>;
}

const sqliteFiles: StoreKindUnderTest = {
  name: 'SQLite',
  async vacantLocation() {
    const dir = mkdtempSync(join(tmpdir(), 'retention-contract-'));
    return { location: join(dir, 'retention.db'), remove: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

export const STORE_KINDS: readonly StoreKindUnderTest[] = [sqliteFiles];

/** An empty store made for one test, open for writing, with the clock of tickingClock. */
export interface ContractStore {
  store: Store;
  /** Another connection to the same store, as a second process would open it; closed by cleanup. */
  reopen(access?: StoreAccess): Promise<Store>;
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
    async cleanup() {
      for (const connection of opened) await connection.close().catch(() => undefined);
      await remove();
    },
  };
}

/** One describe block per kind of store, titled with the kind's name. */
export function describeEachStore(title: string, body: (kind: StoreKindUnderTest) => void): void {
  describe.each(STORE_KINDS)(`${title} ($name store)`, body);
}
