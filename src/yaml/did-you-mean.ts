/**
 * The allowed word closest to a typo (`retian` → `retain`), or null when none is close enough
 * to be a plausible slip. Distance is Damerau-Levenshtein (a swap of two letters counts once),
 * the usual model for typing mistakes; the words are a handful of short keys. `maxDistance`
 * narrows the limit where two real words may legitimately be close.
 */
export function closestWord(typo: string, allowed: readonly string[], maxDistance?: number): string | null {
  const limit = Math.min(maxDistance ?? Infinity, Math.max(1, Math.floor(typo.length / 3)));
  let best: { word: string; distance: number } | null = null;
  for (const word of allowed) {
    const distance = editDistance(typo.toLowerCase(), word.toLowerCase());
    if (distance <= limit && (best === null || distance < best.distance)) best = { word, distance };
  }
  return best?.word ?? null;
}

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = value;
    }
  }
  return at(a.length, b.length);
}
