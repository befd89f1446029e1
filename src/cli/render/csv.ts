import type { PlanRenderer, RendererFactory } from './renderer.js';
import { CSV_COLUMNS, decisionRow } from './decision-json.js';
import { csvText } from '../../csv-output.js';

/**
 * RFC 4180 with a header row, CRLF line ends and formulas neutralised (csv-output.ts).
 * The header waits for the first batch (or the end, for an empty plan) so that an inventory
 * that fails on its first lines leaves stdout empty.
 */
export const csvRenderer: RendererFactory = (out): PlanRenderer => {
  let header = csvText([CSV_COLUMNS], 'crlf');
  const takeHeader = () => {
    const text = header;
    header = '';
    return text;
  };
  return {
    async begin() {},
    async batch(batch) {
      await out.write(takeHeader() + csvText(batch.map(decisionRow), 'crlf'));
    },
    async end() {
      await out.write(takeHeader());
    },
  };
};
