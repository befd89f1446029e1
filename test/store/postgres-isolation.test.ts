/**
 * A database whose default isolation is REPEATABLE READ or SERIALIZABLE (attack on the
 * PostgreSQL apply change): a write read the log's head in the snapshot taken by the statement
 * that waited for the write lock, so it saw a head another host had since moved, and the append
 * failed on the chain's UNIQUE constraint — exit 70 for `hold add`, a stopped apply. The
 * session now asks for READ COMMITTED whatever the default.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.js';
import { connect } from '../../src/postgres/connect.js';
import { createStore, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { describePostgres, freshDatabase, withAdmin, type TestDatabase } from '../postgres/databases.js';

describePostgres('a PostgreSQL store in a database that defaults to a stricter isolation', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await freshDatabase();
    await createStore(database.url, async () => undefined);
  });
  afterEach(() => database.drop());

  for (const level of ['repeatable read', 'serializable']) {
    it(`${level}: two hosts appending at once both succeed, and the chain verifies`, async () => {
      await withAdmin((client) => client.query(`ALTER DATABASE ${database.name} SET default_transaction_isolation TO '${level}'`));
      const hosts: Store[] = [await openStore(database.url, { access: 'write' }), await openStore(database.url, { access: 'write' })];
      try {
        await Promise.all(
          hosts.map(async (host, h) => {
            for (let i = 0; i < 15; i++) await host.appendAudit([{ actor: `host-${h}`, action: 'event', detail: { i } }]);
          }),
        );
        const verdict = await verifyChain(hosts[0]!.auditEntries());
        expect(verdict.firstBad).toBeNull();
        expect(verdict.checked).toBeGreaterThanOrEqual(30);
      } finally {
        for (const host of hosts) await host.close();
      }
    });
  }

  it('a database that ends sessions idle in a transaction (idle_in_transaction_session_timeout) does not end ours (it was exit 70)', async () => {
    await withAdmin((client) => client.query(`ALTER DATABASE ${database.name} SET idle_in_transaction_session_timeout = 5`));
    const client = await connect(database.url, { lockTimeoutMs: 1000 });
    try {
      expect((await client.query('SHOW idle_in_transaction_session_timeout')).rows).toEqual([{ idle_in_transaction_session_timeout: '0' }]);
      expect((await client.query('SHOW default_transaction_isolation')).rows).toEqual([
        { default_transaction_isolation: 'read committed' },
      ]);
    } finally {
      await client.end();
    }
  });
});
