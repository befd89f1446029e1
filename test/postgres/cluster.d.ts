export interface Cluster {
  port: number;
  /** The `postgres` database, as the superuser `postgres`. */
  adminUrl: string;
  urlOf(database: string): string;
  stop(): void;
}
export function findPostgresBin(env?: NodeJS.ProcessEnv): string | null;
export function startCluster(options: { bin: string; durable?: boolean }): Promise<Cluster>;
