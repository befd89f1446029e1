/** What an error thrown by Node or a library says about itself, read without trusting its type. */

/** The code of an error that has one: the system's (`ENOENT`, `SQLITE_BUSY`) or a RetentionError's (`store.full`); undefined otherwise. */
export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Anything thrown, as an Error (kept as it is when it is one), for a result that carries it on. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
