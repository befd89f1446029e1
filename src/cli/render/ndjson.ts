import type { Decision } from '../../engine/types.js';
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
 * The same members, in the same order, as `decisionJson` (decision-json.ts), written straight
 * to text: a million-line plan would otherwise build a million throw-away objects first.
 * test/render/ndjson.test.ts holds the two to the same output.
 */
export function decisionLine(d: Decision): string {
  return (
    `{"id":${str(d.id)},"subject":${str(d.subject)},"category":${str(d.category)},"status":"${d.status}",` +
    `"rule":${str(d.rule)},"rules":${JSON.stringify(d.rules)},"trigger":{"event":${str(d.trigger.event)},"date":${str(d.trigger.date)}},` +
    `"retainUntil":${str(d.retainUntil)},"eligibleFrom":${str(d.eligibleFrom)},"approval":"${d.approval}","reason":${str(d.reason)}}\n`
  );
}
