/**
 * The report's only style sheet, inlined into the page: system fonts (nothing to fetch),
 * a readable single column on screen, and A4 pages in print with tables that do not split rows.
 */
import { trusted } from './markup.js';

export const STYLES = trusted(`
:root { --ink: #1f2933; --muted: #52606d; --rule: #d9e2ec; --paper: #ffffff; --wash: #f5f7fa;
  --due: #b42318; --month: #1d4e89; --attention: #fff4e5; --attention-edge: #b54708; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 32px 48px; color: var(--ink); background: var(--paper);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.8rem; margin: 0 0 4px; }
h2 { font-size: 1.35rem; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.08rem; margin: 24px 0 4px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.92em; }
a { color: inherit; }
.meta { color: var(--muted); margin: 0; }
.meta div { margin: 2px 0; }
.hash { cursor: help; border-bottom: 1px dotted var(--muted); }
.notice { background: var(--attention); border-left: 4px solid var(--attention-edge); padding: 8px 12px; margin: 16px 0; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 24px 0 8px; }
.figure { display: flex; flex-direction: column; background: var(--wash); border: 1px solid var(--rule);
  border-radius: 6px; padding: 10px 14px; break-inside: avoid; }
.figure.attention { background: var(--attention); border-color: var(--attention-edge); }
.figure dt { order: 2; font-weight: 600; }
.figure dd { margin: 0; }
.figure .number { order: 1; font-size: 2.4rem; font-weight: 700; line-height: 1.1; }
.figure .number a { text-decoration: none; }
.figure .hint { order: 3; color: var(--muted); font-size: 0.85rem; }
figure.chart-box { margin: 8px 0 0; break-inside: avoid; }
figcaption { color: var(--muted); font-size: 0.9rem; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: inherit; }
svg.chart .baseline { stroke: var(--muted); stroke-width: 1; }
svg.chart .bar.month rect { fill: var(--month); }
svg.chart .bar.due-now rect { fill: var(--due); }
svg.chart .count { fill: var(--ink); font-weight: 700; }
svg.chart .label, svg.chart .year { fill: var(--muted); }
.todo { margin: 0 0 8px; color: var(--muted); }
.tally { display: inline-block; min-width: 1.6em; padding: 0 6px; border-radius: 10px; background: var(--rule);
  font-size: 0.85rem; text-align: center; vertical-align: middle; }
.none { color: var(--muted); font-style: italic; margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--rule); }
th { background: var(--wash); font-weight: 600; }
tr { break-inside: avoid; }
td time { white-space: nowrap; }
.reason { color: var(--muted); overflow-wrap: anywhere; }
ul.records { margin: 0; padding-left: 1.1em; }
.flag { color: var(--due); font-weight: 600; white-space: nowrap; }
.rule { border-top: 1px solid var(--rule); padding: 4px 0 12px; break-inside: avoid; }
.rule .describe { margin: 4px 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; font-size: 0.92rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.status.due { color: var(--due); font-weight: 600; }
blockquote.source { margin: 8px 0 0; padding: 6px 12px; border-left: 3px solid var(--rule); color: var(--muted);
  font-style: italic; font-size: 0.92rem; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.85rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { margin-top: 20px; break-after: avoid; }
  h3 { break-after: avoid; }
  .figures { gap: 6px; }
  .figure .number { font-size: 20pt; }
  .figure .number a { color: inherit; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  .hash[title]::after { content: " (" attr(title) ")"; font-size: 7pt; word-break: break-all; }
}
@media (max-width: 720px) { .figures { grid-template-columns: repeat(2, 1fr); } body { padding: 16px; } }
`);
