/**
 * The ids an inventory has listed so far, with the place each was first seen at, for
 * refusing a duplicate id (read.ts). A Map of a million id strings costs some 80 MB and keeps
 * the garbage collector tracing them to the end of the read; here an id is a hash in an
 * open-addressing table of typed arrays and its UTF-16 code units in one growing array, so a
 * hit on the hash is checked exactly against the units (a different id with the same hash is
 * just another entry). Nothing here is a string or an object per id.
 */
const FIRST_CAPACITY = 1 << 12;

export class SeenIds {
  /**
   * Open addressing, two numbers a slot: the id's hash, then its entry number + 1 (0: empty).
   * The hash is in the slot so that a probe reads one place in memory, not the entry too. At
   * most half the slots are used.
   */
  private slots = new Int32Array(FIRST_CAPACITY * 2 * 2);
  private places = new Float64Array(FIRST_CAPACITY);
  /** Entry n's code units are units[starts[n] … starts[n + 1]). */
  private starts = new Float64Array(FIRST_CAPACITY + 1);
  private units = new Uint16Array(FIRST_CAPACITY * 16);
  private count = 0;

  /** The place `id` was first seen at; when it was not seen before, undefined, and `place` is remembered as its first. */
  firstPlaceOf(id: string, place: number): number | undefined {
    const hash = hashOf(id);
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) {
        this.add(id, hash, place, slot);
        return undefined;
      }
      if (slots[2 * slot] === hash && this.holds(entry, id)) return this.places[entry];
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
    if (entry === this.places.length) {
      this.places = grown(this.places, entry + 1, (n) => new Float64Array(n));
      this.starts = grown(this.starts, entry + 2, (n) => new Float64Array(n));
    }
    const start = this.starts[entry]!;
    if (start + id.length > this.units.length) this.units = grown(this.units, start + id.length, (n) => new Uint16Array(n));
    for (let i = 0; i < id.length; i++) this.units[start + i] = id.charCodeAt(i);
    this.places[entry] = place;
    this.starts[entry + 1] = start + id.length;
    this.count = entry + 1;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = entry + 1;
    if (this.count * 4 > this.slots.length) this.rehash();
  }

  /** Twice the slots, every entry placed again by the hash its slot keeps (entries themselves do not move). */
  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let slot = old[i]! & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[i]!;
      slots[2 * slot + 1] = old[i + 1]!;
    }
    this.slots = slots;
  }
}

/** A copy of `array` at least `needed` long, made by `make`, doubling. */
function grown<T extends Float64Array | Uint16Array>(array: T, needed: number, make: (length: number) => T): T {
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
