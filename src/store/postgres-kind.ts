/**
 * The PostgreSQL store as a kind of store: a location is a `postgres://` URL naming a database
 * (its current schema holds the store). A database whose schema is empty is where a store may
 * be made; one with our tables is a store; anything else belongs to another application and is
 * refused, never adopted (DESIGN §2).
 */
import { environmentError, refusal, RetentionError, usageError } from '../errors.js';
import { withStoreErrors } from './guarded-store.js';
import { checkedPostgresUrl, shownUrl } from '../postgres/url.js';
import { migrate, newerSchema, schemaVersion, SCHEMA_VERSION } from './postgres-migrations.js';
import { PgSession, type Sql } from './postgres-session.js';
import { connect } from '../postgres/connect.js';
import { postgresStoreError, sqlState, WRITE_WAIT_MS } from './postgres-errors.js';
import { PostgresStore } from './postgres-store.js';
import type { CreateStoreOptions, OpenStoreOptions, Store, StoreKind } from './store.js';

export const postgresStores: StoreKind = {
  async open(location, options: OpenStoreOptions) {
    return withSession(location, async (session) => {
      const version = await storeVersion(session);
      if (version === null)
        throw usageError(
          'store.missing',
          `no store in ${session.shown}; "retention inventory import FILE --db ${session.shown}" makes one`,
        );
      if (version > SCHEMA_VERSION) throw newerSchema(session.shown, version);
      // Like the SQLite store, a store of an older schema is upgraded whoever opens it first.
      if (version < SCHEMA_VERSION) await migrate(session).catch((error: unknown) => refuseUpgrade(error, session.shown, version));
      // A command that only reads cannot write by mistake.
      if (options.access === 'read') await session.use((sql) => sql.query('SET default_transaction_read_only = on'));
      return guarded(await PostgresStore.over(session, options.now ?? (() => new Date())), session.shown);
    });
  },

  async create<R>(location: string, fill: (store: Store) => Promise<R>, options: CreateStoreOptions): Promise<R> {
    const session = await openSession(location);
    try {
      if ((await storeVersion(session)) !== null)
        throw refusal('store.exists', `${session.shown} already holds a retention store; a new store is only made in an empty database`);
      return await session.wholeOrNothing(async () => {
        await migrate(session);
        return fill(guarded(await PostgresStore.over(session, options.now ?? (() => new Date())), session.shown));
      });
    } catch (error) {
      throw postgresStoreError(error, session.shown);
    } finally {
      await session.close().catch(() => undefined);
    }
  },

  async occupied(location) {
    const session = await openSession(location);
    try {
      return (await storeVersion(session)) !== null;
    } catch (error) {
      throw postgresStoreError(error, session.shown);
    } finally {
      await session.close().catch(() => undefined);
    }
  },
};

async function openSession(location: string): Promise<PgSession> {
  const url = checkedPostgresUrl(location);
  const shown = shownUrl(location);
  try {
    return new PgSession(await connect(url, { lockTimeoutMs: WRITE_WAIT_MS }), shown);
  } catch (error) {
    throw postgresStoreError(error, shown);
  }
}

/** Opens a session and hands it to `use`, which returns what keeps it (a store); on failure it is closed. */
async function withSession(location: string, use: (session: PgSession) => Promise<Store>): Promise<Store> {
  const session = await openSession(location);
  try {
    return await use(session);
  } catch (error) {
    await session.close().catch(() => undefined);
    throw postgresStoreError(error, session.shown);
  }
}

/** The runtime role may not change the schema: the owner role upgrades the store (README: two roles). */
function refuseUpgrade(error: unknown, shown: string, version: number): never {
  if (sqlState(error) !== '42501') throw error;
  throw environmentError(
    'store.old-schema',
    `the store ${shown} has schema version ${version}, older than this version of retention uses (${SCHEMA_VERSION}), and the role connected may not upgrade it (${error instanceof Error ? error.message : ''}). Run any retention command on it once as the store's owner role, e.g. retention audit head --db postgres://OWNER@HOST/DB`,
  );
}

function guarded(store: Store, shown: string): Store {
  return withStoreErrors(store, (error) => postgresStoreError(error, shown));
}

/**
 * The schema version of the store in the session's current schema; null when that schema is
 * empty (a store may be made there). Another application's tables are refused.
 */
async function storeVersion(session: PgSession): Promise<number | null> {
  return session.use(async (sql) => {
    const { rows } = await sql.query<{ schema: string | null; relations: number; ours: boolean }>(
      `SELECT current_schema() AS schema,
         (SELECT count(*) FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND relkind IN ('r', 'p', 'v', 'm', 'f')) AS relations,
         to_regclass('meta') IS NOT NULL AND to_regclass('schema_migrations') IS NOT NULL AS ours`,
    );
    const found = rows[0];
    if (!found?.schema)
      throw environmentError(
        'store.not-permitted',
        `the role connected to ${session.shown} has no schema to work in (its search_path names none that exists)`,
      );
    if (found.relations === 0) return null;
    if (found.ours && (await isMarked(sql))) return schemaVersion(sql);
    throw new RetentionError(
      'store.not-a-store',
      `${session.shown} is not a retention store: its schema "${found.schema}" holds ${found.relations} ${found.relations === 1 ? 'table' : 'tables'} of another application. retention never writes to another application's database; give the store's URL, or an empty database for a new store`,
    );
  });
}

async function isMarked(sql: Sql): Promise<boolean> {
  const { rows } = await sql.query<{ value: string }>("SELECT value FROM meta WHERE key = 'application'");
  return rows[0]?.value === 'retention';
}
