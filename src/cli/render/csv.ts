import { stringify } from 'csv-stringify/sync';
import type { PlanRenderer, RendererFactory } from './renderer.js';
import { CSV_COLUMNS, decisionRow } from './decision-json.js';

/** RFC 4180 with a header row (csv-stringify quotes what needs quoting, CRLF line ends). */
export const csvRenderer: RendererFactory = (out): PlanRenderer => {
  const options = { record_delimiter: 'windows' as const };
  return {
    async begin() {
      await out.write(stringify([CSV_COLUMNS as unknown as string[]], options));
    },
    async batch(batch) {
      await out.write(stringify(batch.map(decisionRow), options));
    },
    async end() {},
  };
};
