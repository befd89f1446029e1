/**
 * The rows of `--query SQL` from the `sqlite` or `postgres` target the config declares as TARGET.
 * PostgreSQL's driver is loaded only when such a target is read.
 */
import type { RetentionConfig } from '../config/load.js';
import { environmentError } from '../errors.js';
import { isPostgresConfig } from '../targets/postgres.js';
import { isSqliteConfig } from '../targets/sqlite.js';
import { declaredTarget } from './declared-target.js';
import type { RowSource } from './query-records.js';
import { sqliteRows } from './sqlite-rows.js';

export async function queryRows(target: string, sql: string, config: RetentionConfig | null, context: { cwd: string }): Promise<RowSource> {
  const targetConfig = declaredTarget(config, target, ['sqlite', 'postgres'], 'inventory import --from');
  if (isSqliteConfig(targetConfig)) return sqliteRows(target, targetConfig, config?.dir ?? context.cwd, sql);
  if (isPostgresConfig(targetConfig)) {
    const { postgresRows } = await import('./postgres-rows.js');
    return postgresRows(target, targetConfig, sql);
  }
  throw environmentError('target.unusable', `target "${target}" is not a valid ${targetConfig.type} target`, { target });
}
