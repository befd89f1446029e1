/** The version `retention --version` prints: package.json's, read from the installed package itself. */
import { readFileSync } from 'node:fs';
import { isRecord } from '../is-record.js';

/** package.json sits two folders up from both src/cli/ (tests) and dist/cli/ (the built CLI). */
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
  const version = isRecord(manifest) ? manifest.version : undefined;
  if (typeof version !== 'string') throw new Error(`${PACKAGE_JSON.pathname} has no version (this is a bug)`);
  return version;
}
