/**
 * How the benchmark starts the built CLI: the same node binary as the bench itself, on
 * bin/retention.js, so nothing (npm, npx, a shell) stands between the timer and the tool.
 */
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../../bin/retention.js', import.meta.url));

/** `[command, args]` for `retention ...args`, ready for measureCommand or spawnSync. */
export function retention(...args) {
  return [process.execPath, [LAUNCHER, ...args]];
}
