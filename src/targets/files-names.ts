/**
 * The names in one folder, as far as judging a missing file goes: is the folder empty, and is
 * there a name that differs from the wanted one only by case or Unicode normalisation
 * (`Client/File.TXT` against `client/file.txt`, an NFC ref against an NFD name)? Such a file
 * is most likely the record's own, so its miss is not "already absent" (issue 8.7).
 */
export class FolderNames {
  private folded: Map<string, string[]> | undefined;

  constructor(private readonly names: readonly string[]) {}

  get isEmpty(): boolean {
    return this.names.length === 0;
  }

  /** Whether another name here folds to the same as `name`. */
  hasSimilar(name: string): boolean {
    this.folded ??= foldAll(this.names);
    return (this.folded.get(fold(name)) ?? []).some((other) => other !== name);
  }
}

/**
 * NFKC also maps compatibility forms (ligatures, full-width letters); upper- then lower-case
 * folds ß and SS together. Wider than any file system's own folding, on purpose: a false
 * "similar" keeps a record, a missed one could log a deletion that did not happen.
 */
function fold(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase();
}

function foldAll(names: readonly string[]): Map<string, string[]> {
  const folded = new Map<string, string[]>();
  for (const name of names) {
    const key = fold(name);
    const same = folded.get(key);
    if (same) same.push(name);
    else folded.set(key, [name]);
  }
  return folded;
}
