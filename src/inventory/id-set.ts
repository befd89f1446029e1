/**
 * The ids an inventory read has seen, to find one seen twice, without keeping a million id
 * strings alive: each id is kept as a 64-bit hash (two 32-bit halves) beside the place of its
 * record, in flat typed arrays (open addressing, linear probing). A hash seen before is only a
 * suspicion; the caller re-checks it exactly, by reading the earlier record's id back from the
 * file. A million ids make ~5·10^11 pairs, each sharing a 64-bit hash with odds of ~5·10^-20,
 * so re-reads happen for true duplicates, which end the read anyway.
 */

const INITIAL_SLOTS = 1 << 16;
/**
 * Grow past three quarters full: a million ids fit in 2^21 slots (24 MB; at half full they
 * took 2^22, and 72 MB while growing, a third of the plan's memory), and probes stay short.
 */
const MAX_LOAD = 0.75;

export class IdHashSet {
  private high = new Int32Array(INITIAL_SLOTS);
  private low = new Int32Array(INITIAL_SLOTS);
  /** Place + 1 of the record in each slot; 0 = empty. */
  private places = new Uint32Array(INITIAL_SLOTS);
  private size = 0;

  /**
   * Records `id` at `place`, unless an id with the same hash is there already: then returns
   * the places of the records with that hash (usually one), for an exact comparison, and keeps
   * nothing. Call `addAnyway` when none of them is really the same id.
   */
  addOrMatches(id: string, place: number): number[] | null {
    const high = hashHigh(id);
    const low = hashLow(id);
    let matches: number[] | null = null;
    const mask = this.places.length - 1;
    for (let slot = low & mask; this.places[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.high[slot] === high && this.low[slot] === low) (matches ??= []).push(this.places[slot]! - 1);
    }
    if (matches === null) this.insert(high, low, place);
    return matches;
  }

  /** Records `id` at `place` beside records whose ids only share its hash. */
  addAnyway(id: string, place: number): void {
    this.insert(hashHigh(id), hashLow(id), place);
  }

  private insert(high: number, low: number, place: number): void {
    if (this.size + 1 > this.places.length * MAX_LOAD) this.grow();
    const mask = this.places.length - 1;
    let slot = low & mask;
    while (this.places[slot] !== 0) slot = (slot + 1) & mask;
    this.high[slot] = high;
    this.low[slot] = low;
    this.places[slot] = place + 1;
    this.size += 1;
  }

  private grow(): void {
    const { high, low, places } = this;
    this.high = new Int32Array(high.length * 2);
    this.low = new Int32Array(low.length * 2);
    this.places = new Uint32Array(places.length * 2);
    this.size = 0;
    for (let slot = 0; slot < places.length; slot++) {
      if (places[slot] !== 0) this.insert(high[slot]!, low[slot]!, places[slot]! - 1);
    }
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashHigh(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** A multiply-xorshift hash independent of FNV (other constants, other mixing), finished like murmur3. */
function hashLow(text: string): number {
  let hash = 0x9e3779b9 ^ text.length;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ (text.charCodeAt(i) + 0x7f4a7c15), 0x5bd1e995) ^ (hash >>> 15);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
