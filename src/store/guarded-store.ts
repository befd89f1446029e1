/**
 * One wrapper around every method of a store, so that no database error reaches a command
 * untranslated: whatever a method throws, rejects with, or throws while its results are
 * iterated goes through the kind's translation (sqlite-errors.ts, postgres-errors.ts: a full
 * disk becomes "the disk is full", naming the store). A result with methods of its own (a run
 * lock's handle) is wrapped the same way. A store method added later is covered without anyone
 * remembering to.
 */

/** A kind's translation of its database's errors into the person's (others returned unchanged). */
export type ErrorTranslation = (error: unknown) => unknown;

export function withStoreErrors<S extends object>(store: S, translation: ErrorTranslation): S {
  const translate = (error: unknown): never => {
    throw translation(error);
  };
  return new Proxy(store, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = Reflect.apply(member, target, args);
        } catch (error) {
          translate(error);
        }
        if (result instanceof Promise)
          return result.then((value: unknown) => (hasMethods(value) ? withStoreErrors(value, translation) : value), translate);
        if (isAsyncIterable(result)) return translated(result, translate);
        return result;
      };
    },
  });
}

async function* translated<T>(items: AsyncIterable<T>, translate: (error: unknown) => never): AsyncIterable<T> {
  try {
    yield* items;
  } catch (error) {
    translate(error);
  }
}

/** Rows and counts are data; an object with a function member is a handle whose calls reach the database. */
function hasMethods(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).some((member) => typeof member === 'function')
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
