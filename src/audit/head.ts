/**
 * The audit log's head as `audit head` prints it and `audit verify --head` reads it back
 * (DESIGN §7: kept somewhere the tool cannot write, it proves no tail was cut and rewritten).
 */
import { resolve } from 'node:path';
import { GENESIS_PREV } from '../audit-entry.js';
import { RetentionError } from '../errors.js';
import { readSmallFile } from '../file-input/small-file.js';
import type { AuditHead } from '../store/types.js';

/**
 * The head of an empty log: seq 0 with the genesis hash, the `prev` of entry 1. Every log
 * extends it, so saving it before the first entry and verifying against it later is sound.
 */
export const EMPTY_LOG_HEAD: AuditHead = Object.freeze({ seq: 0, hash: GENESIS_PREV });

/** `SEQ HASH`, the one line `audit head` prints. */
export function formatHead(head: AuditHead): string {
  return `${head.seq} ${head.hash}`;
}

const TEXT_HEAD = /^(\d+)[\s:]+([0-9a-fA-F]{64})$/;
const HASH = /^[0-9a-fA-F]{64}$/;

/**
 * Reads a saved head in any form `audit head` prints: `SEQ HASH`, `SEQ:HASH`, or the JSON
 * object of `--format json`. Surrounding white space is ignored; the hash may be any case.
 * A head at seq 0 is the empty log's, whose hash is the genesis hash.
 * @returns the head, or what is wrong with the text.
 */
export function parseHead(text: string): { head: AuditHead } | { problem: string } {
  const trimmed = text.trim();
  const head = trimmed.startsWith('{') ? headFromJson(trimmed) : headFromText(trimmed);
  if (head === null || !Number.isSafeInteger(head.seq)) {
    return {
      problem: `"${trimmed.slice(0, 100)}" is not an audit head — give what "retention audit head" printed: SEQ HASH, SEQ:HASH or its JSON`,
    };
  }
  const hash = head.hash.toLowerCase();
  if (head.seq === 0 && hash !== EMPTY_LOG_HEAD.hash) {
    return { problem: `a saved head at seq 0 is the empty log's, whose hash is 64 zeros; got ${hash}` };
  }
  return { head: { seq: head.seq, hash } };
}

function headFromText(text: string): AuditHead | null {
  const [, seq, hash] = TEXT_HEAD.exec(text) ?? [];
  return seq !== undefined && hash !== undefined ? { seq: Number(seq), hash } : null;
}

function headFromJson(text: string): AuditHead | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !('seq' in value) || !('hash' in value)) return null;
  const { seq, hash } = value;
  if (typeof seq !== 'number' || seq < 0 || typeof hash !== 'string' || !HASH.test(hash)) return null;
  return { seq, hash };
}

/**
 * The head saved in `file`, relative to `cwd` when given (`head.invalid` when it holds
 * something else; `file.unreadable` when it cannot be read).
 */
export async function readHeadFile(file: string, cwd?: string): Promise<AuditHead> {
  const bytes = await readSmallFile(cwd === undefined ? file : resolve(cwd, file), {
    shownAs: file,
    what: 'head file',
    hint: 'give the file you saved the output of "retention audit head" in',
  });
  const parsed = parseHead(bytes.toString('utf8'));
  if ('head' in parsed) return parsed.head;
  throw new RetentionError('head.invalid', `${file}: ${parsed.problem}`, { data: { file } });
}
