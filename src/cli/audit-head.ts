/**
 * The audit log's head as `audit head` prints it and `audit verify --head` reads it back
 * (DESIGN §7: kept somewhere the tool cannot write, it proves no tail was cut and rewritten).
 */
import { resolve } from 'node:path';
import { readSmallFile } from '../file-input/small-file.js';
import { GENESIS_PREV } from '../audit/entry.js';
import { usageError } from '../errors.js';
import type { AuditHead } from '../store/types.js';

/**
 * The head of an empty log: seq 0 with the genesis hash, the `prev` of entry 1. Every log
 * extends it, so saving it before the first entry and verifying against it later is sound.
 */
export const EMPTY_LOG_HEAD: AuditHead = { seq: 0, hash: GENESIS_PREV };

/** `SEQ HASH`, the one line `audit head` prints. */
export function formatHead(head: AuditHead): string {
  return `${head.seq} ${head.hash}`;
}

const TEXT_HEAD = /^(\d+)[\s:]+([0-9a-fA-F]{64})$/;

/**
 * Reads a saved head in any form `audit head` prints: `SEQ HASH`, `SEQ:HASH`, or the JSON
 * object of `--format json`. Surrounding white space is ignored; the hash may be any case.
 * `source` names where the text came from, for the usage error.
 */
export function parseHead(text: string, source: string): AuditHead {
  const trimmed = text.trim();
  const fromJson = trimmed.startsWith('{') ? headFromJson(trimmed) : null;
  const match = fromJson === null ? TEXT_HEAD.exec(trimmed) : null;
  const head = fromJson ?? (match ? { seq: Number(match[1]), hash: match[2]! } : null);
  if (head === null || !Number.isSafeInteger(head.seq)) {
    throw usageError(`${source}: "${trimmed.slice(0, 100)}" is not an audit head — give what "retention audit head" printed: SEQ HASH, SEQ:HASH or its JSON`);
  }
  return { seq: head.seq, hash: head.hash.toLowerCase() };
}

function headFromJson(text: string): AuditHead | null {
  try {
    const value = JSON.parse(text) as { seq?: unknown; hash?: unknown };
    if (typeof value.seq !== 'number' || value.seq < 0 || typeof value.hash !== 'string' || !/^[0-9a-fA-F]{64}$/.test(value.hash)) return null;
    return { seq: value.seq, hash: value.hash };
  } catch {
    return null;
  }
}

/** The saved head from `--head TEXT` or `--head-file FILE` (relative to `cwd`; never both); null when neither is given. */
export async function savedHeadFrom(flags: { head?: string; headFile?: string }, cwd: string): Promise<AuditHead | null> {
  if (flags.head !== undefined && flags.headFile !== undefined) throw usageError('give --head or --head-file, not both');
  if (flags.head !== undefined) return parseHead(flags.head, '--head');
  if (flags.headFile === undefined) return null;
  const bytes = await readSmallFile(resolve(cwd, flags.headFile), {
    shownAs: flags.headFile,
    what: 'head file',
    hint: 'give the file you saved the output of "retention audit head" in',
  });
  return parseHead(bytes.toString('utf8'), flags.headFile);
}
