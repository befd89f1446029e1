/**
 * The quote-free reader must let each read chunk's rows die young. A row handed on and
 * dropped is garbage by the next collection of the young generation; when something the
 * collector already moved to old space still points at it, it is copied to old space too and
 * stays until the next full collection. Papa.parse's wrapper did that to every chunk once V8
 * had optimised the reading code (after a few dozen chunks): a million-record plan promoted
 * some 380 MB of dead rows, and old space swung between 16 and 65 MB (DESIGN §8's peak-memory
 * target). Here the young generation is collected after every chunk, and what the read leaves
 * in the heap afterwards is what was promoted.
 */
import { beforeAll, expect, test } from 'vitest';
import { quoteFreeRows, type QuoteFreeProgress } from '../../src/inventory/csv-quote-free.js';
import { openInventory } from '../../src/inventory/input.js';
import { exposedCollector } from '../collector.js';
import { makeInventoryDir, writeInventory } from './fixtures.js';

const ROWS = 100_000;
const HEADER = 'id,subject,category,created,location,service_ended';

let file: string;
beforeAll(async () => {
  const lines = [HEADER];
  for (let i = 1; i <= ROWS; i++) {
    const id = `R-${String(i).padStart(8, '0')}`;
    lines.push(`${id},S-${i % 997},casenote,2019-05-01,casefiles:S-${i % 997}/${id}.pdf,2021-10-08`);
  }
  file = await writeInventory(await makeInventoryDir(), 'quote-free.csv', `${lines.join('\n')}\n`);
});

test("a chunk's rows do not outlive the young generation once handed on", async () => {
  const collect = exposedCollector();
  const input = await openInventory(file);
  try {
    const progress: QuoteFreeProgress = { complete: false };
    let rows = 0;
    collect({ type: 'major' });
    const before = process.memoryUsage().heapUsed;
    for await (const batch of quoteFreeRows(input, progress)) {
      rows += batch.length;
      collect({ type: 'minor' });
    }
    collect({ type: 'minor' });
    const promoted = process.memoryUsage().heapUsed - before;
    expect(progress.complete).toBe(true);
    expect(rows).toBe(ROWS + 1);
    // The file's rows take some 45 MB (with the wrapper, about 37 MB of them stayed); a
    // chunk's worth (about 550 rows) and the reader's own state may remain, not the file's.
    expect(promoted).toBeLessThan(2 * 1024 * 1024);
  } finally {
    await input.close();
  }
});
