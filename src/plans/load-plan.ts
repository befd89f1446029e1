import { readFile } from 'node:fs/promises';
import { usageError } from '../errors.js';
import type { Store } from '../store/types.js';
import { parsePlanFile, type PlanFile } from './plan-file.js';
import { sha256Hex } from '../sha256.js';

export interface LoadedPlan {
  plan: PlanFile;
  sha256: string;
}

/**
 * Reads a plan file and finds it in the store by the SHA-256 of its bytes. A file the store
 * never saved was edited after `plan --out`, or comes from another store: refused either way.
 */
export async function loadSavedPlan(store: Store, file: string): Promise<LoadedPlan> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw usageError(`${file}: cannot read the plan: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const plan = parsePlanFile(bytes.toString('utf8'), file);
  const sha256 = sha256Hex(bytes);
  const storeId = await store.storeId();
  if (plan.store.id !== storeId) {
    throw usageError(`${file}: refused: it was made from another store (${plan.store.id}); this store is ${storeId}. Nothing was changed.`);
  }
  if (!(await store.getPlan(sha256))) {
    throw usageError(`${file}: refused: the file does not match any plan saved in this store — it was changed after "retention plan --out". Nothing was changed; plan again.`);
  }
  return { plan, sha256 };
}
