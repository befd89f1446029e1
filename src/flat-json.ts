/**
 * The JSON text of a flat object (a record's events or flags), byte for byte as JSON.stringify
 * writes it, without its general machinery: a million-record import spent about a tenth of
 * its main thread in JSON.stringify of these two small objects. Any key or value this does not
 * write as it is goes to JSON.stringify itself (a property test holds the two equal).
 */
import { NEEDS_JSON_ESCAPE } from './json-escape.js';

export function flatObjectJson(object: Readonly<Record<string, string | boolean>>): string {
  let text = '{';
  // Object.keys lists the keys in the order JSON.stringify writes them (integer-like ones first).
  for (const key of Object.keys(object)) {
    const value = object[key];
    let valueText: string;
    if (value === true) valueText = 'true';
    else if (value === false) valueText = 'false';
    else if (typeof value === 'string' && !NEEDS_JSON_ESCAPE.test(value)) valueText = `"${value}"`;
    else return JSON.stringify(object);
    if (NEEDS_JSON_ESCAPE.test(key)) return JSON.stringify(object);
    text += `${text.length === 1 ? '"' : ',"'}${key}":${valueText}`;
  }
  return `${text}}`;
}
