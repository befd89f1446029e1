/** How the report writes dates, hashes and counts for a non-technical reader. */
import { DateTime } from 'luxon';
import { html, type Html } from './markup.js';

/** Digits of the policy hash shown in the header; the full hash is in a tooltip. */
const SHORT_HASH_LENGTH = 12;

/** `2026-06-30` → "30 Jun 2026"; null → "—". */
export function readableDate(iso: string | null): string {
  return iso === null ? '—' : DateTime.fromISO(iso).toFormat('d LLL yyyy', { locale: 'en-GB' });
}

/** A readable date that keeps its ISO value in the markup (`<time datetime>`), for search and tests. */
export function dateCell(iso: string | null): Html {
  return iso === null ? html`—` : html`<time datetime="${iso}">${readableDate(iso)}</time>`;
}

/** The first digits of a hash, with the whole of it in a title attribute. */
export function shortHash(sha256: string): Html {
  return html`<code class="hash" title="${sha256}">${sha256.slice(0, SHORT_HASH_LENGTH)}…</code>`;
}
