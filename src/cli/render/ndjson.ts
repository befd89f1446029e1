import type { Decision } from '../../engine/types.js';
import { memoise } from '../../engine/memo.js';
import type { PlanRenderer, RendererFactory } from './renderer.js';

/** One decision per line, streamed batch by batch; the summary is not part of the stream. */
export const ndjsonRenderer: RendererFactory = (out): PlanRenderer => ({
  async begin() {},
  async batch(batch) {
    let text = '';
    for (const d of batch) text += decisionLine(d);
    await out.write(text);
  },
  async end() {},
});

const str = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/**
 * JSON text of the values that recur across a plan: rule ids, statuses, event names,
 * categories and dates. Kept per value, so a million lines do not escape the same few
 * thousand strings a million times; emptied when full, so odd inputs cannot grow it.
 */
const recurring = memoise(20_000, str);
const strOrNull = (value: string | null): string => (value === null ? 'null' : recurring(value));

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
 * test/render/ndjson.test.ts holds the two to the same output.
 */
export function decisionLine(d: Decision): string {
  return (
    `{"id":${str(d.id)},"subject":${str(d.subject)},"category":${strOrNull(d.category)},"status":${recurring(d.status)},` +
    `"rule":${strOrNull(d.rule)},"rules":${jsonOfRules(d.rules)},"trigger":{"event":${strOrNull(d.trigger.event)},"date":${strOrNull(d.trigger.date)}},` +
    `"retainUntil":${strOrNull(d.retainUntil)},"eligibleFrom":${strOrNull(d.eligibleFrom)},"approval":${recurring(d.approval)},"reason":${str(d.reason)}}\n`
  );
}
