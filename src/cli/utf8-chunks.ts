/**
 * Text encoded as UTF-8 into a buffer as it comes. A million-line plan written as one string
 * per batch cost more to flatten and encode than to build (V8 flattens the rope of a thousand
 * lines, and encodes it as two-byte text whenever a reason holds "→"); a line at a time into a
 * buffer that is already there costs a fraction, and the output gets one write per batch.
 */

const CHUNK_BYTES = 1024 * 1024;
/** A UTF-16 code unit takes at most 3 bytes in UTF-8. */
const MOST_BYTES_PER_UNIT = 3;

export class Utf8Chunks {
  private buffer: Buffer | null = null;
  private used = 0;
  private sealed: Uint8Array[] = [];

  add(text: string): void {
    const most = text.length * MOST_BYTES_PER_UNIT;
    if (this.buffer === null || this.used + most > this.buffer.length) {
      this.seal();
      this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most));
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /**
   * Everything added since the last take, in order, in pieces that are the caller's: nothing
   * here writes to them again (a stream may still hold a piece after its write returned), and
   * the next text goes into a new buffer, so that a piece dies young once written.
   */
  take(): Uint8Array[] {
    this.seal();
    const pieces = this.sealed;
    this.sealed = [];
    return pieces;
  }

  private seal(): void {
    if (this.buffer !== null && this.used > 0) this.sealed.push(this.buffer.subarray(0, this.used));
    this.buffer = null;
    this.used = 0;
  }
}
