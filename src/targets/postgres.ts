/**
 * `postgres` targets (DESIGN §10): one table of a case-management database on a PostgreSQL
 * server, a record being the row whose key column equals the ref. Like `sqlite` targets: table
 * and key come from the config and are checked as identifiers, then double-quoted; refs are only
 * ever bound parameters. The URL carries no password (PGPASSWORD or ~/.pgpass do).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { environmentError } from '../errors.js';
import { isIdentifier } from '../vocabulary.js';
import { isPostgresLocation, postgresUrlProblem } from '../postgres/url.js';
import type { TargetType } from './types.js';

const PostgresConfigSchema = Type.Object(
  {
    type: Type.Literal('postgres'),
    /** postgres://ROLE@HOST:PORT/DATABASE */
    database: Type.String({ minLength: 1 }),
    table: Type.String({ minLength: 1 }),
    key: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type PostgresConfig = Static<typeof PostgresConfigSchema>;

/** Whether a target's config block is a `postgres` one (the config loader has checked it against the schema). */
export function isPostgresConfig(config: unknown): config is PostgresConfig {
  return Value.Check(PostgresConfigSchema, config);
}

export const postgresTargetType: TargetType<PostgresConfig> = {
  type: 'postgres',
  configSchema: PostgresConfigSchema,
  check(config) {
    return configProblems(config);
  },
  // Its database is on a server: no file of it to protect.
  ownFiles: () => [],
  async open(name, config) {
    const problems = configProblems(config);
    if (problems.length > 0) throw environmentError('target.unusable', `target "${name}": ${problems.join('; ')}`, { target: name });
    // The driver is loaded only by a config that has a postgres target, and only when it is opened.
    const { openPostgresTarget } = await import('./postgres-table.js');
    return openPostgresTarget(name, config);
  },
};

function configProblems(config: PostgresConfig): string[] {
  const problems: string[] = [];
  const url = isPostgresLocation(config.database) ? postgresUrlProblem(config.database) : 'give a URL, postgres://ROLE@HOST:PORT/DATABASE';
  if (url) problems.push(`database: ${url}`);
  for (const field of ['table', 'key'] as const) {
    if (!isIdentifier(config[field])) {
      problems.push(`${field} "${config[field]}" is not a plain identifier (letters, digits and _, not starting with a digit)`);
    }
  }
  return problems;
}
