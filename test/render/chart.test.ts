/** The deletions-per-month chart: which month each record lands in, and the SVG drawn from it. */
import { describe, expect, it } from 'vitest';
import { DueMonthTally, type ChartBar } from '../../src/cli/render/html/due-months.js';
import { renderDueChart } from '../../src/cli/render/html/chart.js';
import { decision, HOSTILE, retained, WINDOW } from './decisions.js';

function tally(
  window = WINDOW,
  decisions = [decision(), retained('A', '2026-07-02'), retained('B', '2026-07-31'), retained('C', '2027-01-01')],
) {
  const t = new DueMonthTally(window);
  for (const d of decisions) t.add(d);
  return t;
}

function rects(svg: string): { height: number; label: string }[] {
  return [...svg.matchAll(/<rect [^>]*height="([\d.]+)"[^>]*aria-label="([^"]*)"/g)].map((m) => ({
    height: Number(m[1]),
    label: m[2] ?? '',
  }));
}

describe('DueMonthTally', () => {
  it('has "due now" then 12 calendar months starting with the month after the as-of date', () => {
    const bars = tally().bars();
    expect(bars).toHaveLength(13);
    expect(bars.map((b) => b.longLabel)).toEqual([
      'Due now',
      'July 2026',
      'August 2026',
      'September 2026',
      'October 2026',
      'November 2026',
      'December 2026',
      'January 2027',
      'February 2027',
      'March 2027',
      'April 2027',
      'May 2027',
      'June 2027',
    ]);
    expect(bars.map((b) => b.year)).toEqual([null, '2026', null, null, null, null, null, '2027', null, null, null, null, null]);
  });

  it('starts with the as-of month when the as-of date is not its last day', () => {
    const bars = new DueMonthTally({ asOf: '2026-06-15', horizonEnd: '2026-09-15' }).bars();
    expect(bars[1]?.longLabel).toBe('June 2026');
    expect(bars).toHaveLength(13);
  });

  it('runs through the horizon when it reaches further than 12 months', () => {
    const bars = new DueMonthTally({ asOf: '2026-06-30', horizonEnd: '2028-06-30' }).bars();
    expect(bars).toHaveLength(25);
    expect(bars[bars.length - 1]?.longLabel).toBe('June 2028');
  });

  it('counts due records now, retained ones in the month they become eligible, and the rest later', () => {
    const t = tally(WINDOW, [
      decision(),
      decision({ id: 'D2', approval: 'automatic' }),
      retained('A', '2026-07-02'),
      retained('B', '2026-07-31'),
      retained('C', '2027-01-01'),
      retained('L', '2027-07-01'),
      decision({ id: 'P', status: 'pending', eligibleFrom: null }),
      decision({ id: 'H', status: 'held', eligibleFrom: '2026-08-01' }),
    ]);
    const counts = Object.fromEntries(t.bars().map((b) => [b.longLabel, b.count]));
    expect(counts['Due now']).toBe(2);
    expect(counts['July 2026']).toBe(2);
    expect(counts['August 2026']).toBe(0);
    expect(counts['January 2027']).toBe(1);
    expect(t.later).toBe(1);
    expect(t.lastMonthName).toBe('June 2027');
  });
});

describe('renderDueChart', () => {
  it('draws one bar per count, with its count as text and an aria-label', () => {
    const svg = renderDueChart(tally().bars(), 'Records falling due', 'desc').text;
    const drawn = rects(svg);
    expect(drawn).toHaveLength(13);
    expect(drawn[0]?.label).toBe('Due now: 1 record');
    expect(drawn[1]?.label).toBe('July 2026: 2 records');
    expect(drawn[2]?.label).toBe('August 2026: 0 records');
    const counts = [...svg.matchAll(/<text class="count"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(counts).toEqual([1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(svg).toMatch(/<title id="chart-title">Records falling due<\/title>/);
    expect(svg).toMatch(/<desc id="chart-desc">desc<\/desc>/);
  });

  it('makes bar heights proportional to the counts, the tallest filling the plot', () => {
    const bars: ChartBar[] = [4, 2, 1, 0].map((count, i) => ({ kind: 'month', label: `m${i}`, year: null, longLabel: `m${i}`, count }));
    const heights = rects(renderDueChart(bars, 't', 'd').text).map((r) => r.height);
    expect(heights[0]).toBeGreaterThan(100);
    expect(heights[1]).toBeCloseTo((heights[0] ?? 0) / 2, 1);
    expect(heights[2]).toBeCloseTo((heights[0] ?? 0) / 4, 1);
    expect(heights[3]).toBe(0);
  });

  it('draws an empty plan as bars of no height rather than dividing by zero', () => {
    const svg = renderDueChart(new DueMonthTally(WINDOW).bars(), 't', 'd').text;
    expect(rects(svg).map((r) => r.height)).toEqual(Array(13).fill(0));
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('labels the months, thinning the labels out on a long horizon', () => {
    const short = renderDueChart(tally().bars(), 't', 'd').text;
    expect([...short.matchAll(/<text class="label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([
      'Due now',
      'Jul',
      'Aug',
      'Sept',
      'Oct',
      'Nov',
      'Dec',
      'Jan',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
    ]);
    const long = renderDueChart(new DueMonthTally({ asOf: '2026-06-30', horizonEnd: '2031-06-30' }).bars(), 't', 'd').text;
    expect(rects(long)).toHaveLength(61);
    expect([...long.matchAll(/<text class="label"/g)].length).toBeLessThanOrEqual(25);
  });

  it('escapes its title and description', () => {
    const svg = renderDueChart([], HOSTILE, HOSTILE).text;
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
