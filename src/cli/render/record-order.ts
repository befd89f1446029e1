/**
 * The order records are listed in, by every renderer: by id as people expect (LL-2 before
 * LL-10). One collator, built once: `localeCompare` with options builds one per call.
 */
const RECORD_IDS = new Intl.Collator('en', { numeric: true });

export function byRecordId(a: { id: string }, b: { id: string }): number {
  return RECORD_IDS.compare(a.id, b.id);
}

/**
 * The first `limit` items by record id among all it is given, and how many it was given.
 * Memory stays within twice the limit however many items pass through.
 */
export class FirstByRecordId<T extends { id: string }> {
  private kept: T[] = [];
  private seen = 0;

  constructor(private readonly limit: number) {}

  add(item: T): void {
    this.seen += 1;
    this.kept.push(item);
    if (this.kept.length >= 2 * this.limit) this.trim();
  }

  /** How many items were added (listed or not). */
  get count(): number {
    return this.seen;
  }

  /** The first items by record id, at most `limit` of them. */
  first(): readonly T[] {
    this.trim();
    return this.kept;
  }

  private trim(): void {
    this.kept.sort(byRecordId);
    if (this.kept.length > this.limit) this.kept.length = this.limit;
  }
}
