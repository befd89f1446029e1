import type { Decision } from '../../engine/types.js';
import { Utf8Chunks } from '../utf8-chunks.js';
import type { PlanRenderer, RendererFactory } from './renderer.js';

/** One decision per line, streamed batch by batch; the summary is not part of the stream. */
export const ndjsonRenderer: RendererFactory = (out): PlanRenderer => {
  const lines = new Utf8Chunks();
  return {
    async begin() {},
    async batch(batch) {
      for (const d of batch) lines.add(decisionLine(d));
      for (const piece of lines.take()) await out.write(piece);
    },
    async end() {},
  };
};

/**
 * The JSON string literal of `text`, as JSON.stringify writes it. Ids, subjects, rule ids,
 * event names and every date are plain printable ASCII: quoted as they are, after a look at
 * each character, which costs less than JSON.stringify's call and allocation.
 */
function quoted(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit > 0x7e || unit === 0x22 || unit === 0x5c) return JSON.stringify(text);
  }
  return `"${text}"`;
}

const quotedOrNull = (text: string | null): string => (text === null ? 'null' : quoted(text));

/** The `rules` of every decision of a category are one shared array: its JSON is made once. */
const rulesJson = new WeakMap<readonly string[], string>();
function jsonOfRules(rules: readonly string[]): string {
  let json = rulesJson.get(rules);
  if (json === undefined) {
    json = JSON.stringify(rules);
    if (Object.isFrozen(rules)) rulesJson.set(rules, json);
  }
  return json;
}

/**
 * The same members, in the same order, as `decisionJson` (decision-json.ts), written straight
 * to text: a million-line plan would otherwise build a million throw-away objects first.
 * test/render/ndjson.test.ts holds the two to the same output. A status and an approval are
 * words of the contract (their types say which), never escaped.
 */
export function decisionLine(d: Decision): string {
  return (
    `{"id":${quoted(d.id)},"subject":${quotedOrNull(d.subject)},"category":${quoted(d.category)},"status":"${d.status}",` +
    `"rule":${quotedOrNull(d.rule)},"rules":${jsonOfRules(d.rules)},"trigger":{"event":${quotedOrNull(d.trigger.event)},"date":${quotedOrNull(d.trigger.date)}},` +
    `"retainUntil":${quotedOrNull(d.retainUntil)},"eligibleFrom":${quotedOrNull(d.eligibleFrom)},"approval":"${d.approval}","reason":${JSON.stringify(d.reason)}}\n`
  );
}
