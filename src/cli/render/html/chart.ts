/**
 * The deletions-per-month chart as hand-written inline SVG: no script, no library, nothing
 * fetched, so it survives being opened from an email attachment and printed. Bar heights
 * are proportional to the counts; every bar carries its count as text and an aria-label.
 */
import { html, type Html } from './markup.js';
import { countOf } from '../../../plural.js';
import type { ChartBar } from './due-months.js';

const WIDTH = 760;
const HEIGHT = 250;
const MARGIN = { top: 26, right: 8, bottom: 44, left: 8 };
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const BASELINE = MARGIN.top + PLOT_HEIGHT;
/** Month names are thinned out beyond this many bars so they never overlap. */
const MAX_LABELS = 25;

/** An accessible SVG bar chart of `bars`; `title` and `description` become its <title> and <desc>. */
export function renderDueChart(bars: readonly ChartBar[], title: string, description: string): Html {
  const slot = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(1, bars.length);
  const tallest = Math.max(0, ...bars.map((b) => b.count));
  const labelEvery = Math.ceil(bars.length / MAX_LABELS);
  const fontSize = round(Math.min(12, slot * 0.42));
  const drawn = bars.map((bar, i) => renderBar(bar, i, { slot, tallest, fontSize, showLabel: i % labelEvery === 0 }));
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="group" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-title">${title}</title>
<desc id="chart-desc">${description}</desc>
<line class="baseline" x1="${MARGIN.left}" y1="${BASELINE}" x2="${WIDTH - MARGIN.right}" y2="${BASELINE}"/>
${drawn}
</svg>`;
}

interface Layout {
  slot: number;
  tallest: number;
  fontSize: number;
  showLabel: boolean;
}

function renderBar(bar: ChartBar, index: number, layout: Layout): Html {
  const { slot, tallest, fontSize } = layout;
  const height = tallest === 0 ? 0 : round((bar.count / tallest) * PLOT_HEIGHT);
  const width = round(slot * 0.7);
  const x = round(MARGIN.left + index * slot + (slot - width) / 2);
  const middle = round(x + width / 2);
  const label = `${bar.longLabel}: ${countOf(bar.count, 'record')}`;
  return html`<g class="bar ${bar.kind}">
<rect x="${x}" y="${round(BASELINE - height)}" width="${width}" height="${height}" role="img" aria-label="${label}"><title>${label}</title></rect>
<text class="count" x="${middle}" y="${round(BASELINE - height - 6)}" font-size="${fontSize}" text-anchor="middle">${bar.count}</text>
${layout.showLabel ? renderAxisLabel(bar, middle, fontSize) : null}
</g>
`;
}

function renderAxisLabel(bar: ChartBar, middle: number, fontSize: number): Html {
  return html`<text class="label" x="${middle}" y="${BASELINE + 16}" font-size="${fontSize}" text-anchor="middle">${bar.label}</text>${
    bar.year === null
      ? null
      : html`<text class="year" x="${middle}" y="${BASELINE + 32}" font-size="${fontSize}" text-anchor="middle">${bar.year}</text>`
  }`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
