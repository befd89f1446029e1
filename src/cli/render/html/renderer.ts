/**
 * `plan --format html`: a report for a DPO to read and take to a board meeting. Decisions
 * are sorted into worklists as they arrive (only those a list shows are kept; the chart's
 * monthly counts are accumulated), and the page is written once the summary is known.
 */
import type { PlanHeader, PlanRenderer, RendererFactory } from '../renderer.js';
import { ReportCollector } from './collect.js';
import { renderReport } from './page.js';

export const htmlRenderer: RendererFactory = (out): PlanRenderer => {
  let header: PlanHeader;
  let collector: ReportCollector;
  return {
    async begin(h) {
      header = h;
      collector = new ReportCollector(h.window, h.manualTargets);
    },
    async batch(batch) {
      for (const d of batch) collector.add(d);
    },
    async end(summary, extras = {}) {
      await out.write(renderReport(header, summary, collector.result(), extras));
    },
  };
};
