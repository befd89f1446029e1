/** `audit verify --head TEXT | --head-file FILE`: the head a person saved, from the flag that gives it. */
import { parseHead, readHeadFile } from '../audit/head.js';
import { usageError } from '../errors.js';
import type { AuditHead } from '../store/types.js';

/** The saved head from `--head TEXT` or `--head-file FILE` (relative to `cwd`; never both); null when neither is given. */
export async function savedHeadFrom(flags: { head?: string; headFile?: string }, cwd: string): Promise<AuditHead | null> {
  if (flags.head !== undefined && flags.headFile !== undefined) {
    throw usageError('usage.conflicting-flags', 'give --head or --head-file, not both', { flags: ['--head', '--head-file'] });
  }
  if (flags.headFile !== undefined) return readHeadFile(flags.headFile, cwd);
  if (flags.head === undefined) return null;
  const parsed = parseHead(flags.head);
  if ('head' in parsed) return parsed.head;
  throw usageError('usage.bad-value', `--head: ${parsed.problem}`, { flag: '--head', value: flags.head });
}
