/**
 * V8's garbage collector on demand, for the tests that hold the plan's peak memory down
 * (DESIGN §8): what survives a collection is what a long run would keep or carry.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A collection of the young generation only, or of the whole heap. */
export type Collect = (options: { type: 'minor' | 'major' }) => void;

/** The collector as `--expose-gc` gives it, without restarting the test process with that flag. */
export function exposedCollector(): Collect {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Collect;
}
