/**
 * The ids an inventory has listed so far, with the place each was first seen at, for
 * refusing a duplicate id (read.ts). A Map of a million id strings costs some 80 MB and keeps
 * the garbage collector tracing them to the end of the read; here an id is a hash in an
 * open-addressing table of typed arrays, and its characters one byte each (ids are almost
 * always Latin-1) in an arena of fixed-size chunks, so a hit on the hash is checked exactly
 * against the bytes (a different id with the same hash is just another entry). The arena
 * grows by adding a chunk, never by copying: a doubling copy would briefly hold the old and
 * the new array at the peak of a large plan. The few ids the arena cannot hold (a character
 * beyond Latin-1, more than 255 characters, a place that is no 32-bit count, a full arena)
 * go to a plain Map, so every id is still answered exactly.
 */
const FIRST_CAPACITY = 1 << 13;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const CHUNK_BYTES = 1 << 20;
/** An entry's length byte, then its place as 4 bytes (little-endian), then its characters. */
const HEADER_BYTES = 5;
const LONGEST_ARENA_ID = 0xff;
const LARGEST_ARENA_PLACE = 0xffffffff;
/** A slot keeps an entry's arena offset + 1 in an Int32: the arena ends below 2^31 bytes. */
const MOST_CHUNKS = 2 ** 31 / CHUNK_BYTES - 1;

export class SeenIds {
  /**
   * Open addressing: a slot holds an entry's arena offset + 1 (0: empty), and the top byte of
   * its hash in `tags`, so that a probe seldom reads the entry itself (a whole hash per slot
   * cost 8 MB more at a million ids). At most half the slots are used.
   */
  private slots = new Int32Array(FIRST_CAPACITY);
  private tags = new Uint8Array(FIRST_CAPACITY);
  private readonly chunks: Uint8Array[] = [];
  /** Bytes used in the last chunk (a full one when there is none yet). */
  private filled = CHUNK_BYTES;
  private count = 0;
  /** Ids the arena cannot hold, by id. */
  private readonly others = new Map<string, number>();

  /** The place `id` was first seen at; when it was not seen before, undefined, and `place` is remembered as its first. */
  firstPlaceOf(id: string, place: number): number | undefined {
    let hash = FNV_OFFSET;
    let widest = 0;
    for (let i = 0; i < id.length; i++) {
      const unit = id.charCodeAt(i);
      widest |= unit;
      hash = Math.imul(hash ^ unit, FNV_PRIME);
    }
    if (widest > 0xff || id.length > LONGEST_ARENA_ID) return this.otherPlaceOf(id, place);
    hash = mixed(hash);
    const { slots, tags } = this;
    const mask = slots.length - 1;
    const tag = hash >>> 24;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]! - 1;
      if (entry < 0) {
        if (this.others.size > 0) {
          const other = this.others.get(id);
          if (other !== undefined) return other;
        }
        if (!Number.isInteger(place) || place < 0 || place > LARGEST_ARENA_PLACE || !this.add(id, tag, place, slot))
          this.others.set(id, place);
        return undefined;
      }
      if (tags[slot] === tag && this.holds(entry, id)) return this.placeAt(entry);
    }
  }

  private otherPlaceOf(id: string, place: number): number | undefined {
    const other = this.others.get(id);
    if (other === undefined) this.others.set(id, place);
    return other;
  }

  private holds(entry: number, id: string): boolean {
    const chunk = this.chunks[Math.floor(entry / CHUNK_BYTES)]!;
    const start = entry % CHUNK_BYTES;
    if (chunk[start] !== id.length) return false;
    const from = start + HEADER_BYTES;
    for (let i = 0; i < id.length; i++) if (chunk[from + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private placeAt(entry: number): number {
    const chunk = this.chunks[Math.floor(entry / CHUNK_BYTES)]!;
    const at = (entry % CHUNK_BYTES) + 1;
    return (chunk[at]! | (chunk[at + 1]! << 8) | (chunk[at + 2]! << 16)) + chunk[at + 3]! * 2 ** 24;
  }

  /** False when the arena is full (the caller keeps the id elsewhere). */
  private add(id: string, tag: number, place: number, slot: number): boolean {
    const size = HEADER_BYTES + id.length;
    if (this.filled + size > CHUNK_BYTES) {
      if (this.chunks.length === MOST_CHUNKS) return false;
      this.chunks.push(new Uint8Array(CHUNK_BYTES));
      this.filled = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1]!;
    const start = this.filled;
    chunk[start] = id.length;
    chunk[start + 1] = place & 0xff;
    chunk[start + 2] = (place >>> 8) & 0xff;
    chunk[start + 3] = (place >>> 16) & 0xff;
    chunk[start + 4] = (place >>> 24) & 0xff;
    for (let i = 0; i < id.length; i++) chunk[start + HEADER_BYTES + i] = id.charCodeAt(i);
    this.filled = start + size;
    this.tags[slot] = tag;
    this.slots[slot] = (this.chunks.length - 1) * CHUNK_BYTES + start + 1;
    this.count += 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return true;
  }

  /** Twice the slots, every entry placed again by the hash of its bytes (entries themselves do not move). */
  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const tags = new Uint8Array(slots.length);
    const mask = slots.length - 1;
    for (const ref of old) {
      if (ref === 0) continue;
      const hash = this.hashAt(ref - 1);
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = ref;
      tags[slot] = hash >>> 24;
    }
    this.slots = slots;
    this.tags = tags;
  }

  /** The hash of entry's id, from its bytes: each byte is the id's code unit. */
  private hashAt(entry: number): number {
    const chunk = this.chunks[Math.floor(entry / CHUNK_BYTES)]!;
    const start = entry % CHUNK_BYTES;
    const end = start + HEADER_BYTES + chunk[start]!;
    let hash = FNV_OFFSET;
    for (let i = start + HEADER_BYTES; i < end; i++) hash = Math.imul(hash ^ chunk[i]!, FNV_PRIME);
    return mixed(hash);
  }
}

/** The end of FNV-1a, mixed so that the low bits (the slot) depend on every unit. */
function mixed(fnv: number): number {
  let hash = fnv ^ (fnv >>> 16);
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
