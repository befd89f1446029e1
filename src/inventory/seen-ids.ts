/**
 * The ids an inventory has listed so far, with the place each was first seen at, for
 * refusing a duplicate id (read.ts). A Map of a million id strings costs some 80 MB and keeps
 * the garbage collector tracing them to the end of the read; here an id is a hash in an
 * open-addressing table of typed arrays and its UTF-16 code units in one growing array, so a
 * hit on the hash is checked exactly against the units (a different id with the same hash is
 * just another entry). Nothing here is a string or an object per id.
 */
const EMPTY = 0;
const FIRST_CAPACITY = 1 << 12;

export class SeenIds {
  /** Open addressing: entry number + 1, or EMPTY; the length is a power of two, at most half full. */
  private slots = new Int32Array(FIRST_CAPACITY * 2);
  private hashes = new Int32Array(FIRST_CAPACITY);
  private places = new Float64Array(FIRST_CAPACITY);
  /** Entry n's code units are units[starts[n] … starts[n + 1]). */
  private starts = new Float64Array(FIRST_CAPACITY + 1);
  private units = new Uint16Array(FIRST_CAPACITY * 16);
  private count = 0;

  /** The place `id` was first seen at; when it was not seen before, undefined, and `place` is remembered as its first. */
  firstPlaceOf(id: string, place: number): number | undefined {
    const hash = hashOf(id);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) {
        this.add(id, hash, place, slot);
        return undefined;
      }
      if (this.hashes[entry] === hash && this.holds(entry, id)) return this.places[entry];
    }
  }

  private holds(entry: number, id: string): boolean {
    const start = this.starts[entry]!;
    if (this.starts[entry + 1]! - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.units[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private add(id: string, hash: number, place: number, slot: number): void {
    const entry = this.count;
    if (entry === this.hashes.length) this.growEntries();
    const start = this.starts[entry]!;
    if (start + id.length > this.units.length) this.units = grown(this.units, start + id.length, (n) => new Uint16Array(n));
    for (let i = 0; i < id.length; i++) this.units[start + i] = id.charCodeAt(i);
    this.hashes[entry] = hash;
    this.places[entry] = place;
    this.starts[entry + 1] = start + id.length;
    this.count = entry + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.slots[slot] = entry + 1;
  }

  private growEntries(): void {
    const needed = this.hashes.length + 1;
    this.hashes = grown(this.hashes, needed, (n) => new Int32Array(n));
    this.places = grown(this.places, needed, (n) => new Float64Array(n));
    this.starts = grown(this.starts, needed + 1, (n) => new Float64Array(n));
  }

  /** Twice the slots, every entry placed again (entries themselves do not move). */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

/** A copy of `array` at least `needed` long, made by `make`, doubling. */
function grown<T extends Int32Array | Float64Array | Uint16Array>(array: T, needed: number, make: (length: number) => T): T {
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const copy = make(length);
  copy.set(array);
  return copy;
}

/** FNV-1a over the UTF-16 code units, mixed at the end so that the low bits (the slot) depend on every unit. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
