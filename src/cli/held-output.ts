/**
 * Output held back until a command knows it has succeeded. `plan --inventory` reads the
 * inventory once, deciding and rendering as it goes, and a bad row near the end (a bad date,
 * a duplicate id, a file changed under it: none is known before the last row is read) must
 * still leave stdout empty (DESIGN §5: nothing is printed from an inventory that fails).
 * Reading the file twice (once to check, once to plan) cost a whole second parse; holding the
 * output costs a copy. It is held as bytes, never as JS strings: in a buffer of
 * STAGING_BYTES, and past that in a private temporary file (spool-file.ts), appended in the
 * background while the plan goes on, from one of two buffers while the other fills. So a
 * million-record plan holds 2 MB of its 350 MB of lines (larger buffers bought no speed and
 * cost peak memory), and allocates nothing per line.
 * `release` writes it all out in large pieces, with the real output's backpressure, through
 * two buffers in turn.
 */
import type { Output } from './output.js';
import { SpoolFile } from './spool-file.js';

/** An Output whose text reaches the real one only on `release`. */
export interface HeldOutput extends Output {
  /** Writes everything held to the real output, then forgets it. */
  release(): Promise<void>;
  /** Forgets everything held (the command failed). */
  discard(): void;
}

const STAGING_BYTES = 1024 * 1024;
/** A UTF-16 code unit takes at most 3 bytes in UTF-8. */
const MOST_BYTES_PER_UNIT = 3;

export function holdOutput(out: Output): HeldOutput {
  let staging: Buffer | null = Buffer.allocUnsafe(STAGING_BYTES);
  /** The other buffer: being appended to the spool, or free once that append has finished. */
  let spare: Buffer | null = null;
  let used = 0;
  const spool = new SpoolFile();

  const live = (): Buffer => {
    if (staging === null) throw new Error('output written after it was released (this is a bug)');
    return staging;
  };
  /** Starts appending what is staged to the spool, and stages into the other buffer meanwhile. */
  const spill = async () => {
    const full = live();
    if (used === 0) return;
    await spool.append([full.subarray(0, used)]);
    staging = spare ?? Buffer.allocUnsafe(STAGING_BYTES);
    spare = full;
    used = 0;
  };
  const forget = () => {
    staging = null;
    spare = null;
    used = 0;
    spool.close();
  };

  return {
    ...out,
    write: async (data) => {
      const size = typeof data === 'string' ? data.length * MOST_BYTES_PER_UNIT : data.length;
      if (used + size > live().length) await spill();
      if (size > STAGING_BYTES) {
        if (typeof data === 'string') await spool.append([Buffer.from(data, 'utf8')]);
        else {
          // The caller may fill its bytes again once this resolves (Output.write).
          await spool.append([data]);
          await spool.flushed();
        }
        return;
      }
      const into = live();
      if (typeof data === 'string') used += into.write(data, used, 'utf8');
      else {
        into.set(data, used);
        used += data.length;
      }
    },
    async release() {
      const last = live();
      try {
        if (!spool.opened) {
          if (used > 0) await out.write(last.subarray(0, used));
          return;
        }
        await spill();
        for await (const piece of spool.readBack()) await out.write(piece);
      } finally {
        forget();
      }
    },
    discard: forget,
  };
}
