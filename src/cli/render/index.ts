import type { RendererFactory } from './renderer.js';
import { tableRenderer } from './table.js';
import { jsonRenderer } from './json.js';
import { ndjsonRenderer } from './ndjson.js';
import { csvRenderer } from './csv.js';
import { htmlRenderer } from './html/renderer.js';

export const PLAN_FORMATS = ['table', 'json', 'ndjson', 'csv', 'html'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const RENDERERS: Record<PlanFormat, RendererFactory> = {
  table: tableRenderer,
  json: jsonRenderer,
  ndjson: ndjsonRenderer,
  csv: csvRenderer,
  html: htmlRenderer,
};
