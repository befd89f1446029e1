import type { PlanRenderer, RendererFactory } from './renderer.js';
import { decisionJson } from './decision-json.js';

/** One decision per line, streamed batch by batch; the summary is not part of the stream. */
export const ndjsonRenderer: RendererFactory = (out): PlanRenderer => ({
  async begin() {},
  async batch(batch) {
    let text = '';
    for (const d of batch) text += `${JSON.stringify(decisionJson(d))}\n`;
    await out.write(text);
  },
  async end() {},
});
