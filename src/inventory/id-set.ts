/**
 * The ids an inventory read has seen, each with the place of its first record, to find an id
 * seen twice. A Map of a million id strings cost a read more than parsing the file did (its
 * growth, and the garbage collector walking a million live strings) and ~80 MB. Here every id
 * is copied, exactly, into one flat arena of code units (a byte each while every id so far fits
 * in Latin-1, as ids do; two bytes from the first one that does not), and found through a hash
 * table of entry numbers (open addressing, linear probing): a handful of typed arrays, ~34 MB
 * for a million ids. Exact, so it needs no second look at the source (a query's rows cannot be read again).
 */

const INITIAL_SLOTS = 1 << 12;
/** Grow past half full: probes stay short. */
const MAX_LOAD = 0.5;
const INITIAL_ARENA = 1 << 16;

export class IdSet {
  /** Entry number + 1 in each slot; 0 = empty. */
  private slots = new Int32Array(INITIAL_SLOTS);
  /** Per entry: its hash, its place, and where its code units start in the arena (the next entry's start ends them). */
  private hashes = new Int32Array(INITIAL_SLOTS / 2);
  private places = new Float64Array(INITIAL_SLOTS / 2);
  private starts = new Uint32Array(INITIAL_SLOTS / 2 + 1);
  private arena: Uint8Array | Uint16Array = new Uint8Array(INITIAL_ARENA);
  private size = 0;

  /** Keeps `id` at `place` and returns undefined; when `id` was kept before, keeps nothing and returns its first place. */
  addOrFirstPlace(id: string, place: number): number | undefined {
    const hash = hashOf(id);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]!; entry !== 0; entry = this.slots[slot]!) {
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, id)) return this.places[entry - 1];
      slot = (slot + 1) & mask;
    }
    this.append(id, hash, place);
    this.slots[slot] = this.size;
    if (this.size > this.slots.length * MAX_LOAD) this.growSlots();
    return undefined;
  }

  private holds(entry: number, id: string): boolean {
    const start = this.starts[entry]!;
    if (this.starts[entry + 1]! - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.arena[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private append(id: string, hash: number, place: number): void {
    if (this.size + 1 >= this.starts.length) this.growEntries();
    const start = this.starts[this.size]!;
    const wide = this.arena instanceof Uint8Array && !fitsInBytes(id);
    if (wide || start + id.length > this.arena.length) {
      const length = Math.max(start + id.length, this.arena.length * 2);
      const arena = wide || this.arena instanceof Uint16Array ? new Uint16Array(length) : new Uint8Array(length);
      arena.set(this.arena);
      this.arena = arena;
    }
    for (let i = 0; i < id.length; i++) this.arena[start + i] = id.charCodeAt(i);
    this.hashes[this.size] = hash;
    this.places[this.size] = place;
    this.size += 1;
    this.starts[this.size] = start + id.length;
  }

  private growEntries(): void {
    const entries = this.hashes.length * 2;
    const hashes = new Int32Array(entries);
    const places = new Float64Array(entries);
    const starts = new Uint32Array(entries + 1);
    hashes.set(this.hashes);
    places.set(this.places);
    starts.set(this.starts);
    this.hashes = hashes;
    this.places = places;
    this.starts = starts;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.size; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function fitsInBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/** FNV-1a over the UTF-16 code units, finished like murmur3 so that the low bits (the slot) depend on every unit. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
