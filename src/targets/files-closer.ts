/**
 * Closes the descriptors of files just unlinked in libuv's thread pool, several at once.
 *
 * Why: a deletion holds the file open across its unlink (files-leaf.ts proves by that
 * descriptor that the name removed was the file checked), so the file system frees the file's
 * inode and blocks only when that descriptor is closed. On a journaled file system shared with
 * other work, that close waits for the journal, often hundreds of microseconds, for each file:
 * one at a time on the main thread it was most of a run's time; four at a time in the pool they
 * overlap one another, the checks of the next files and the journal's writes. Nothing about the
 * deletion is decided by the close: a file handed here has no name left (its link count read 0
 * through this descriptor), so nobody can reach it any more; the close only gives its space
 * back, which the kernel also does if the process dies first (and ext4's orphan list after a
 * power cut).
 */
import fs from 'node:fs';

/** Descriptors waiting for the pool at most: a bound on the files a batch keeps open (the process's limit is often 1024). */
const MAX_IN_FLIGHT = 128;

export class PooledCloser {
  private inFlight = 0;
  /** The one caller waiting, and for how few descriptors in flight. */
  private waiter: { readonly atMost: number; readonly resolve: () => void } | null = null;
  private readonly closed = (): void => {
    this.inFlight -= 1;
    if (this.waiter !== null && this.inFlight <= this.waiter.atMost) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve();
    }
  };

  /** Closes `fd` in the pool. A close error is not reported: Linux releases the descriptor whatever close answers. */
  close(fd: number): void {
    this.inFlight += 1;
    fs.close(fd, this.closed);
  }

  /** Whether the caller must wait (roomy()) before handing over more descriptors. */
  get full(): boolean {
    return this.inFlight >= MAX_IN_FLIGHT;
  }

  /** Resolves once at most half the bound is in flight: one wait per many files, not one per file. */
  roomy(): Promise<void> {
    return this.waitFor(MAX_IN_FLIGHT / 2);
  }

  /** Resolves once every descriptor handed over is closed. */
  drained(): Promise<void> {
    return this.waitFor(0);
  }

  private waitFor(atMost: number): Promise<void> {
    if (this.inFlight <= atMost) return Promise.resolve();
    return new Promise((resolve) => (this.waiter = { atMost, resolve }));
  }
}
