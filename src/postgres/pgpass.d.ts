/** The `pgpass` package (libpq's ~/.pgpass lookup, as `pg` itself uses it): it has no types of its own. */
declare module 'pgpass' {
  interface ConnectionInfo {
    host?: string | undefined;
    port?: number | string | undefined;
    database?: string | undefined;
    user?: string | undefined;
  }
  /** Calls back with the password ~/.pgpass (or PGPASSFILE) gives for the connection; undefined when none, or when the file is open to others. */
  export default function pgpass(connection: ConnectionInfo, callback: (password: string | undefined) => void): void;
}
