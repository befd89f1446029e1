/**
 * HTML built by a tagged template that escapes every interpolated value unless it is
 * already markup. Ids, categories, reasons and titles come from users' files, so escaping
 * is the default and forgetting it is impossible: `html\`<td>${id}</td>\`` is always safe.
 */
import { visible } from '../visible.js';

/** A piece of markup that is already safe to insert. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What may be interpolated: text and numbers are escaped, markup is inserted, empty values vanish. */
export type Markup = Html | string | number | null | undefined | false | readonly Markup[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for element content and for quoted attribute values alike. Invisible and
 * control characters are shown as escapes (visible.ts): a bidi override must not make one
 * record id read as another on a page that serves as evidence.
 */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Builds markup from a template, escaping each value (attributes must be quoted). */
export function html(strings: TemplateStringsArray, ...values: Markup[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += serialise(value) + (strings[i + 1] ?? '');
  });
  return new Html(text);
}

/**
 * Marks constant text written in this folder (the style sheet) as markup. Never pass it
 * anything derived from a policy, an inventory or a store.
 */
export function trusted(constant: string): Html {
  return new Html(constant);
}

function serialise(value: Markup): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(serialise).join('');
  return escapeHtml(String(value));
}
