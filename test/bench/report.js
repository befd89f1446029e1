/**
 * The final table of `npm run bench`: each figure next to its baseline from the same run.
 * A result row is `{ work, retention: number[], baseline: number[] | null, unit, target }`
 * with `target` either `{ ratio: R }` (median retention ≤ R × median baseline) or
 * `{ below: L }` (every sample below L: a peak must stay under its limit every time).
 */
import { summarize } from './measure.js';

const HEADER = ['work', 'retention (median, min–max)', 'baseline (median)', 'ratio', 'target', 'met?'];

/** Renders result rows as a Markdown table (readable on a terminal, pasteable into a report). */
export function formatTable(results) {
  const rows = [HEADER, ...results.map(formatRow)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** True when every result met its target. */
export function allMet(results) {
  return results.every((result) => judge(result).met);
}

function formatRow(result) {
  const own = summarize(result.retention);
  const { ratio, met } = judge(result);
  const figure = (value) => `${value.toFixed(result.unit === 's' ? 2 : 0)} ${result.unit}`;
  return [
    result.work,
    `${figure(own.median)} (${figure(own.min)}–${figure(own.max)})`,
    result.baseline ? figure(summarize(result.baseline).median) : '—',
    ratio === null ? '—' : `${ratio.toFixed(2)}×`,
    'ratio' in result.target ? `≤ ${result.target.ratio}×` : `< ${result.target.below} ${result.unit}`,
    met ? 'yes' : 'NO',
  ];
}

function judge(result) {
  if ('below' in result.target) return { ratio: null, met: summarize(result.retention).max < result.target.below };
  const ratio = summarize(result.retention).median / summarize(result.baseline).median;
  return { ratio, met: ratio <= result.target.ratio };
}
