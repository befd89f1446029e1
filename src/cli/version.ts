/** The version `retention --version` prints: package.json's, read from the installed package itself. */
import { readFileSync } from 'node:fs';

/** package.json sits two folders up from both src/cli/ (tests) and dist/cli/ (the built CLI). */
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

export function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${PACKAGE_JSON.pathname} has no version (this is a bug)`);
  return version;
}
