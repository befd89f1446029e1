import { stringify } from 'csv-stringify/sync';
import type { PlanRenderer, RendererFactory } from './renderer.js';
import { CSV_COLUMNS, decisionRow } from './decision-json.js';

/**
 * RFC 4180 with a header row (csv-stringify quotes what needs quoting, CRLF line ends).
 * The header waits for the first batch (or the end, for an empty plan) so that an inventory
 * that fails on its first lines leaves stdout empty.
 */
export const csvRenderer: RendererFactory = (out): PlanRenderer => {
  const options = { record_delimiter: 'windows' as const };
  let header = stringify([CSV_COLUMNS as unknown as string[]], options);
  const takeHeader = () => {
    const text = header;
    header = '';
    return text;
  };
  return {
    async begin() {},
    async batch(batch) {
      await out.write(takeHeader() + stringify(batch.map(decisionRow), options));
    },
    async end() {
      await out.write(takeHeader());
    },
  };
};
