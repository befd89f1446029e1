/**
 * The audit table's rows as `audit verify` checks them (AuditLink): each row's hash recomputed
 * from its stored text. A row whose members are plain (seq a safe integer, the others text or
 * null, the detail text canonicalDetailText reads) has its canonical JSON written straight from
 * its columns; any other row takes the reference way, the entry read back (tupleToEntry, which
 * names a detail retention never writes) and hashed (hashEntry). A property test holds the two equal.
 */
import { hashEntry } from '../../audit-entry.js';
import type { AuditLink } from '../audit-log.js';
import { sha256Hex } from '../../sha256.js';
import { tupleToEntry, type AuditTuple } from './audit.js';
import { canonicalDetailText } from './canonical-detail.js';

/** The link of one stored row; throws as tupleToEntry does for a row retention did not write. */
export function linkOfRow(row: AuditTuple): AuditLink {
  const plain = plainRowJson(row);
  const contentHash = plain === null ? hashEntry(tupleToEntry(row)) : sha256Hex(plain);
  return { seq: row[0], prev: row[11], hash: row[12], contentHash, action: row[3], record: row[5] };
}

/**
 * The links of a page of rows in order, up to the first row that cannot be read back: the
 * links before it are yielded first, so that the chain is checked up to that row, as when the
 * entries are read one by one; then its error is thrown.
 */
export async function* linkPages(pages: AsyncIterable<readonly AuditTuple[]>): AsyncIterable<AuditLink[]> {
  for await (const rows of pages) {
    const links: AuditLink[] = [];
    let unreadable: { error: unknown } | null = null;
    for (const row of rows) {
      try {
        links.push(linkOfRow(row));
      } catch (error) {
        unreadable = { error };
        break;
      }
    }
    if (links.length > 0) yield links;
    if (unreadable !== null) throw unreadable.error;
  }
}

/** The canonical JSON of the row's entry (without `hash`) when every member is plain; null otherwise. */
export function plainRowJson([seq, at, actor, action, run, record, subject, category, rule, policySha256, detail, prev]: AuditTuple):
  string | null {
  if (!Number.isSafeInteger(seq)) return null;
  const detailJson = detail === null ? 'null' : typeof detail === 'string' ? canonicalDetailText(detail) : null;
  if (detailJson === null) return null;
  // A tampered row may hold a number or a blob where text belongs: the reference way writes what it makes of it.
  const plain = isText(at) && isText(actor) && isText(action) && isText(run) && isText(record) && isText(subject);
  if (!(plain && isText(category) && isText(rule) && isText(policySha256) && isText(prev))) return null;
  // The members in JCS order; a string as JSON.stringify writes it, as the library does.
  return `{"action":${json(action)},"actor":${json(actor)},"at":${json(at)},"category":${json(category)},"detail":${detailJson},"policySha256":${json(policySha256)},"prev":${json(prev)},"record":${json(record)},"rule":${json(rule)},"run":${json(run)},"seq":${String(seq)},"subject":${json(subject)}}`;
}

function isText(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** A string as JSON.stringify writes it: quoted as it stands unless it holds a character that it escapes. */
function json(text: string | null): string {
  if (text === null) return 'null';
  return ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** What JSON.stringify escapes: a quote, a backslash, a control character, a lone surrogate (any surrogate goes to it). */
// eslint-disable-next-line no-control-regex -- the control characters are what is looked for
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
