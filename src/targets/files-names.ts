/**
 * The names in one folder, as far as judging a missing file goes: is the folder empty, and is
 * there a name that differs from the wanted one only by case, Unicode form, invisible
 * characters or surrounding white space (`Client/File.TXT` against `client/file.txt`, an NFC
 * ref against an NFD name, `a.txt` against `a.txt ` or `a.txt` + U+200B)? Such a file is most
 * likely the record's own, so its miss is not "already absent" (issues 8.7, A5).
 */
import { foldName } from '../similar-names.js';

export class FolderNames {
  private folded: Map<string, string[]> | undefined;

  constructor(private readonly names: readonly string[]) {}

  get isEmpty(): boolean {
    return this.names.length === 0;
  }

  /** Whether another name here folds to the same as `name`. */
  hasSimilar(name: string): boolean {
    this.folded ??= foldAll(this.names);
    return (this.folded.get(foldName(name)) ?? []).some((other) => other !== name);
  }
}

function foldAll(names: readonly string[]): Map<string, string[]> {
  const folded = new Map<string, string[]>();
  for (const name of names) {
    const key = foldName(name);
    const same = folded.get(key);
    if (same) same.push(name);
    else folded.set(key, [name]);
  }
  return folded;
}
