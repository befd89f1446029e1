/** The version `retention --version` prints: package.json's, read from the installed package itself. */
import { readFileSync } from 'node:fs';
import { isRecord } from '../is-record.js';
import { PACKAGE_ROOT } from './package-root.js';

const PACKAGE_JSON = new URL('package.json', PACKAGE_ROOT);

export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8'));
  const version = isRecord(manifest) ? manifest.version : undefined;
  if (typeof version !== 'string') throw new Error(`${PACKAGE_JSON.pathname} has no version (this is a bug)`);
  return version;
}
