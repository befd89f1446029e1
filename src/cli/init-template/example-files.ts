/**
 * Everything `retention init` writes, as relative path → content, so the command can check
 * that none of it exists before writing any of it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_FILES_TARGET, exampleConfigYaml } from './example-config.js';
import { exampleInventoryCsv, exampleRecordFiles } from './example-inventory.js';
import { DEFAULT_CONFIG_FILE } from '../../config/load.js';
import { PACKAGE_ROOT } from '../package-root.js';

export interface ExampleFile {
  /** Relative to the folder init writes to, with `/` separators. */
  path: string;
  content: string;
}

/** The policy pack the example is built on; its dates and categories match the inventory. */
const EXAMPLE_PACK = 'leading-lives.yaml';
/** That pack's timezone: "today", which the inventory's dates count back from, is a day there. */
export const EXAMPLE_TIMEZONE = 'Europe/London';

/** The files of the example, dated from `today` (YYYY-MM-DD); `actor` goes into the config. */
export async function exampleFiles(today: string, actor: string): Promise<ExampleFile[]> {
  const policy = await readFile(path.join(fileURLToPath(PACKAGE_ROOT), 'policies', EXAMPLE_PACK), 'utf8');
  return [
    { path: DEFAULT_CONFIG_FILE, content: exampleConfigYaml(actor) },
    { path: 'policy.yaml', content: policy },
    { path: 'inventory.csv', content: exampleInventoryCsv(today) },
    ...exampleRecordFiles().map((f) => ({ path: `${EXAMPLE_FILES_TARGET}/${f.ref}`, content: f.content })),
  ];
}
