/**
 * Memo tables for the engine's calendar arithmetic. Across a million records the same few
 * thousand dates recur, and building luxon DateTimes is what costs; a lookup is cheap.
 * Each table is emptied once it holds `limit` entries, so that inputs which rarely repeat
 * (timestamps) cannot grow it without bound.
 */

/** `compute` memoised by its single key. Nothing is cached when `compute` throws. */
export function memoise<K, T>(limit: number, compute: (key: K) => T): (key: K) => T {
  let table = new Map<K, T>();
  return (key) => {
    const hit = table.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (table.size >= limit) table = new Map();
    table.set(key, value);
    return value;
  };
}

/**
 * `compute` memoised by two keys. Nested maps, so that a lookup never has to build a joined
 * key string (that allocation would be paid on every record, hit or miss).
 */
export function memoise2<A, B, T>(limit: number, compute: (a: A, b: B) => T): (a: A, b: B) => T {
  let outer = new Map<A, Map<B, T>>();
  let size = 0;
  return (a, b) => {
    let inner = outer.get(a);
    const hit = inner?.get(b);
    if (hit !== undefined) return hit;
    const value = compute(a, b);
    if (size >= limit) {
      outer = new Map();
      size = 0;
      inner = undefined;
    }
    if (inner === undefined) {
      inner = new Map();
      outer.set(a, inner);
    }
    inner.set(b, value);
    size += 1;
    return value;
  };
}
