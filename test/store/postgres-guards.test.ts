/**
 * The PostgreSQL store's audit log is append-only for real (DESIGN §10): row triggers refuse
 * UPDATE and DELETE, a statement trigger refuses TRUNCATE; `audit verify` catches a row edited
 * while the triggers were off, reports triggers left disabled, and says what the connected role
 * could do to the log that it should not. With the two roles of the README, the runtime role
 * works the store but cannot touch the log.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { verifyStore } from '../../src/audit/verify-store.js';
import { verdictReport } from '../../src/cli/render/verdict.js';
import { createStore, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { describePostgres, freshSchema, withAdmin, type TestLocation } from '../postgres/databases.js';
import { logOfEightEntries, record } from './helpers.js';

describePostgres('the audit log of a PostgreSQL store', () => {
  let place: TestLocation;
  let store: Store;
  /** Runs SQL as the superuser in the store's schema. */
  const sql = (text: string) => withAdmin((client) => client.query(text), place.url);

  beforeEach(async () => {
    place = await freshSchema();
    await createStore(place.url, async () => undefined);
    store = await openStore(place.url, { access: 'write' });
    await logOfEightEntries(store);
  });
  afterEach(async () => {
    await store.close();
    await place.drop();
  });

  it('refuses UPDATE, DELETE and TRUNCATE, even to its owner', async () => {
    await expect(sql("UPDATE audit SET actor = 'someone else' WHERE seq = 3")).rejects.toThrow('audit log is append-only');
    await expect(sql('DELETE FROM audit WHERE seq = 8')).rejects.toThrow('audit log is append-only');
    await expect(sql('TRUNCATE audit')).rejects.toThrow('audit log is append-only');
    expect((await verifyStore(store, null)).checked).toBe(8);
  });

  it('is caught by verify when a row was edited with the triggers switched off', async () => {
    await sql(
      "ALTER TABLE audit DISABLE TRIGGER audit_no_update; UPDATE audit SET actor = 'someone else' WHERE seq = 3; ALTER TABLE audit ENABLE TRIGGER audit_no_update",
    );
    const verdict = await verifyStore(store, null);
    expect(verdict).toMatchObject({ integrityProblems: [], checked: 2, firstBad: { seq: 3, against: 'chain' } });
    expect(verdictReport(verdict, null).stderr).toContain('audit log does NOT verify: entry 3');
  });

  it('reports triggers left disabled, dropped, or a function that no longer refuses', async () => {
    await sql('ALTER TABLE audit DISABLE TRIGGER audit_no_truncate; DROP TRIGGER audit_no_delete ON audit');
    await sql('CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$');
    const verdict = await verifyStore(store, null);
    expect(verdict.integrityProblems).toEqual([
      "the audit log's append-only trigger audit_no_delete is missing",
      "the audit log's append-only trigger audit_no_truncate is disabled (ALTER TABLE audit ENABLE TRIGGER audit_no_truncate)",
      'the function audit_append_only() of the append-only triggers was changed or removed',
    ]);
    expect(verdict.checked).toBe(8);
  });

  it('warns that a superuser could switch the guards off', async () => {
    expect(await store.roleWarnings()).toEqual([expect.stringContaining('the role postgres is a superuser')]);
    const report = verdictReport(await verifyStore(store, null), null);
    expect(report.stdout).toContain('audit log consistent: 8 entries');
    expect(report.stderr).toMatch(/^warning: the role postgres is a superuser/);
  });
});

describePostgres('the two roles of the README', () => {
  const suffix = `${process.pid}`;
  const owner = `retention_owner_${suffix}`;
  const runtime = `retention_run_${suffix}`;
  let place: TestLocation;

  beforeAll(async () => {
    await withAdmin((client) => client.query(`CREATE ROLE ${owner} LOGIN; CREATE ROLE ${runtime} LOGIN`));
  });
  afterAll(async () => {
    await withAdmin((client) => client.query(`DROP ROLE IF EXISTS ${runtime}; DROP ROLE IF EXISTS ${owner}`));
  });
  beforeEach(async () => {
    place = await freshSchema();
    const admin = (text: string) => withAdmin((client) => client.query(text), place.url);
    await admin(`ALTER SCHEMA ${place.schema} OWNER TO ${owner}`);
    // The owner makes the store (migrations); then the grants of the README.
    await createStore(place.urlFor(owner), (store) => store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' }));
    await admin(`
      GRANT USAGE ON SCHEMA ${place.schema} TO ${runtime};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${place.schema} TO ${runtime};
      REVOKE UPDATE, DELETE, TRUNCATE ON ${place.schema}.audit FROM ${runtime};`);
  });
  afterEach(() => place.drop());

  it('lets the runtime role run the store, with nothing to warn about, but never change the log', async () => {
    const store = await openStore(place.urlFor(runtime), { access: 'write' });
    try {
      const by = { actor: 'cron', run: 'run-1', policySha256: null };
      await store.startRun({ kind: 'apply' }, by);
      await store.recordIntents([{ record: record('R-1'), rule: 'r', target: 'casefiles' }], by);
      await store.recordOutcomes([{ recordId: 'R-1', outcome: 'deleted', rule: 'r', detail: null }], by);
      await store.endRun('run-1', 'done', { deleted: 1 });
      await store.importRecords([record('R-2'), record('R-3')], { actor: 'admin' });
      expect(await store.roleWarnings()).toEqual([]);
      expect(await store.integrityCheck()).toEqual([]);
      const asRuntime = (text: string) => withAdmin((client) => client.query(text), place.urlFor(runtime));
      await expect(asRuntime("UPDATE audit SET actor = 'x'")).rejects.toThrow('permission denied');
      await expect(asRuntime('TRUNCATE audit')).rejects.toThrow('permission denied');
      await expect(asRuntime('ALTER TABLE audit DISABLE TRIGGER audit_no_update')).rejects.toThrow('must be owner');
    } finally {
      await store.close();
    }
  });

  it('warns when retention runs as the owner of the log', async () => {
    const store = await openStore(place.urlFor(owner), { access: 'read' });
    try {
      expect(await store.roleWarnings()).toEqual([expect.stringContaining(`the role ${owner} owns the audit table`)]);
    } finally {
      await store.close();
    }
  });

  it('tells the runtime role that only the owner role may upgrade the store', async () => {
    await withAdmin((client) => client.query('DELETE FROM schema_migrations'), place.url);
    await expect(openStore(place.urlFor(runtime), { access: 'write' })).rejects.toMatchObject({
      code: 'store.old-schema',
      message: expect.stringContaining('the role connected may not upgrade it (permission denied for schema'),
    });
  });
});
