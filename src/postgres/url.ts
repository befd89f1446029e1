/**
 * A PostgreSQL location (`postgres://role@host:5432/db`), for the store and for `postgres`
 * targets. Passwords come only from libpq's own sources (PGPASSWORD, ~/.pgpass; see
 * connect.ts): a password in a config file or on a command line is readable by others (ps,
 * shell history, backups of the config), so a URL that holds one is refused.
 */
import { usageError } from '../errors.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Whether `location` names a PostgreSQL database rather than a file. */
export function isPostgresLocation(location: string): boolean {
  return POSTGRES_URL.test(location);
}

/** What is wrong with a PostgreSQL URL as a place to connect to; null when nothing is. */
export function postgresUrlProblem(location: string): string | null {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return `"${location}" is not a PostgreSQL URL (postgres://ROLE@HOST:PORT/DATABASE)`;
  }
  if (url.password !== '' || url.searchParams.has('password')) {
    return (
      'the PostgreSQL URL holds a password; retention takes passwords only from PGPASSWORD or ~/.pgpass ' +
      '(a line HOST:PORT:DATABASE:ROLE:PASSWORD, mode 0600), never from a config file or the command line, where others can read them. ' +
      `Remove it from the URL: ${shownUrl(location)}`
    );
  }
  if (url.pathname.length <= 1) return `the PostgreSQL URL ${shownUrl(location)} names no database (postgres://ROLE@HOST:PORT/DATABASE)`;
  return null;
}

/** The URL, checked: a usage error (exit 2) when it holds a password or cannot be read. */
export function checkedPostgresUrl(location: string): string {
  const problem = postgresUrlProblem(location);
  if (problem) throw usageError('usage.bad-value', problem);
  return location;
}

/** The URL as messages show it: never with a password, even one given by mistake. */
export function shownUrl(location: string): string {
  try {
    const url = new URL(location);
    url.password = '';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.toString();
  } catch {
    return location.replace(/:[^:@/]*@/, '@');
  }
}
