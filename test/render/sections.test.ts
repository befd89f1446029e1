/** The report's sections, and the whole page as the html renderer writes it. */
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import type { Decision } from '../../src/engine/types.js';
import type { Output } from '../../src/cli/output.js';
import { htmlRenderer } from '../../src/cli/render/html/renderer.js';
import { renderErasureRequests } from '../../src/cli/render/html/erasure.js';
import { ErasureRequests } from '../../src/planner/erasure-requests.js';
import { renderRules } from '../../src/cli/render/html/rules.js';
import { describeRule } from '../../src/policy/describe.js';
import { addToSummary, emptySummary } from '../../src/planner/summary.js';
import { isUpcoming } from '../../src/planner/planner.js';
import { policy, rule } from '../engine/builders.js';
import { decision, HOSTILE, retained, WINDOW } from './decisions.js';
import { chunkText } from './chunk-text.js';

const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

function erasure(requested: string, erasable: boolean) {
  return { requested, deadline: '2026-07-15', erasable, exemption: erasable ? null : 'legal obligation — art. 17(3)(b)' };
}

/**
 * Runs the html renderer as `plan` would: `listed` are the decisions it receives, `all` those
 * the summary counts (more than `listed` when `--status` filtered them).
 */
async function report(
  listed: Decision[],
  compiled = policy([rule('care-records')]),
  all = listed,
  manualTargets: ReadonlySet<string> | null = null,
): Promise<string> {
  let page = '';
  const out: Output = {
    write: async (t) => void (page += chunkText(t)),
    error: () => undefined,
    colour: new Chalk({ level: 0 }),
    stdoutIsTerminal: false,
  };
  const summary = emptySummary();
  for (const d of all) addToSummary(summary, d, isUpcoming(d, WINDOW));
  const renderer = htmlRenderer(out);
  await renderer.begin({
    asOf: WINDOW.asOf,
    window: WINDOW,
    horizon: 'P3M',
    policy: { file: 'policy.yaml', sha256: 'ab'.repeat(32) },
    compiled,
    manualTargets,
  });
  await renderer.batch(listed);
  await renderer.end(summary);
  return page;
}

/** The rows of the worklist section with this id, as cell texts without tags. */
function worklistRows(page: string, id: string): string[][] {
  const section = page.match(new RegExp(`<section class="worklist" id="${id}"[\\s\\S]*?</section>`))?.[0] ?? '';
  const body = section.match(/<tbody>([\s\S]*)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]+>/g, '')),
  );
}

describe('erasure requests', () => {
  it('show the deadline, say when it has passed, and name the exemption that keeps a record', () => {
    const requests = new ErasureRequests();
    requests.observe(
      decision({ id: 'K-1', subject: 'S-9', status: 'retained', erasure: { ...erasure('2026-02-02', false), deadline: '2026-03-02' } }),
    );
    requests.observe(decision({ id: 'E-1', subject: 'S-9', erasure: { ...erasure('2026-02-02', true), deadline: '2026-03-02' } }));
    const section = renderErasureRequests(requests.list(), WINDOW.asOf).text;
    expect(section).toContain('<time datetime="2026-03-02">2 Mar 2026</time> <span class="flag">deadline passed</span>');
    expect(section).toContain('<li><code>K-1</code> — legal obligation — art. 17(3)(b)</li>');
    expect(section).toContain('<li><code>E-1</code></li>');
  });

  it('head the records the request makes due as still to erase, not as erased', () => {
    const requests = new ErasureRequests();
    requests.observe(decision({ id: 'E-1', subject: 'S-9', erasure: erasure('2026-06-15', true) }));
    const section = renderErasureRequests(requests.list(), WINDOW.asOf).text;
    expect(section).toContain('<th scope="col">To erase (due now)</th>');
    expect(section).not.toMatch(/Erased by/);
  });
});

describe('rule by rule', () => {
  it('prints each rule in English with its basis, approval, quoted source and counts per status', () => {
    const care = rule('care-records', { title: 'Care records', source: '2.4 "six years"', approval: 'required' });
    const summary = emptySummary();
    addToSummary(summary, decision(), false);
    addToSummary(summary, retained('R-2', '2030-01-01'), false);
    addToSummary(summary, decision({ id: 'U', status: 'unmatched', rule: null }), false);
    const section = renderRules([care], summary).text;
    expect(section).toContain(describeRule(care).slice(1));
    expect(section).toContain('<blockquote class="source">2.4 &quot;six years&quot;</blockquote>');
    expect(section).toContain('<dd>contract</dd>');
    expect(section).toContain('<span class="status due">1 due</span> · <span class="status retained">1 retained</span>');
    expect(section).toMatch(/No rule<\/h3><p class="counts"><span class="status unmatched">1 unmatched/);
  });
});

describe('the html report', () => {
  it('puts each decision in its worklist', async () => {
    const page = await report([
      decision({ id: 'APP-1' }),
      decision({ id: 'AUTO-1', approval: 'automatic' }),
      decision({ id: 'CON-1', status: 'review', review: { kind: 'periodic', since: '2025-03-11', note: 'consent review owed' } }),
      decision({ id: 'MIS-1', status: 'review', review: { kind: 'missing-trigger', since: '2024-01-01', note: 'no service_ended' } }),
      decision({ id: 'HLD-1', status: 'held', holds: [{ id: 'H-7', scope: 'subject', ref: 'S-1', reason: 'litigation', until: null }] }),
      decision({ id: 'UNM-1', status: 'unmatched', rule: null, category: 'newsletter' }),
      retained('UP-1', '2026-08-01'),
      retained('LATER-1', '2027-08-01'),
    ]);
    expect(worklistRows(page, 'awaiting-approval').map((r) => r[0])).toEqual(['APP-1']);
    expect(worklistRows(page, 'due-automatic').map((r) => r[0])).toEqual(['AUTO-1']);
    expect(worklistRows(page, 'consent-reviews')).toEqual([['CON-1', 'care-plan', 'care-records', '11 Mar 2025', 'consent review owed']]);
    expect(worklistRows(page, 'missing-triggers').map((r) => r[0])).toEqual(['MIS-1']);
    expect(worklistRows(page, 'held')[0]?.[2]).toBe('H-7 on subject S-1: litigation (until released)');
    expect(worklistRows(page, 'unmatched')[0]?.slice(0, 2)).toEqual(['UNM-1', 'newsletter']);
    expect(worklistRows(page, 'upcoming').map((r) => r[0])).toEqual(['UP-1']);
    expect(worklistRows(page, 'pending')).toEqual([]);
    expect(page).not.toContain('LATER-1');
    expect(page).toMatch(/data-figure="awaiting-approval"><dt>Awaiting approval<\/dt><dd class="number"><a href="#awaiting-approval">1</);
  });

  it('lists the records waiting for an event, with the event they wait for', async () => {
    const waiting = (id: string) =>
      decision({ id, status: 'pending', eligibleFrom: null, retainUntil: null, trigger: { event: 'service_ended', date: null } });
    const page = await report([waiting('PEN-10'), waiting('PEN-2'), decision({ id: 'APP-1' })]);
    expect(worklistRows(page, 'pending')).toEqual([
      ['PEN-2', 'care-plan', 'care-records', 'service_ended'],
      ['PEN-10', 'care-plan', 'care-records', 'service_ended'],
    ]);
  });

  it('does not say the next run deletes a paper record: it goes to a person', async () => {
    const paper = decision({ id: 'PAPER-1', approval: 'automatic', location: 'paper:box-3/folder-1' });
    const file = decision({ id: 'FILE-1', approval: 'automatic', location: 'casefiles:client-1/a.pdf' });
    const page = await report([paper, file], undefined, undefined, new Set(['paper']));
    expect(worklistRows(page, 'due-automatic').map((r) => r[0])).toEqual(['FILE-1']);
    expect(worklistRows(page, 'due-by-hand').map((r) => r[0])).toEqual(['PAPER-1']);
    expect(page).toMatch(/id="due-by-hand"[\s\S]*?destruction worklist[\s\S]*?retention confirm/);
    // Without a config the report cannot tell paper apart, and says what happens to it.
    const unknown = await report([paper, file]);
    expect(worklistRows(unknown, 'due-automatic').map((r) => r[0])).toEqual(['FILE-1', 'PAPER-1']);
    expect(unknown).toMatch(
      /id="due-automatic"[\s\S]*?the next scheduled run deletes them \(records on a manual target \(paper\) are put on the destruction worklist instead/,
    );
  });

  it('shows ids, categories, reasons, rule titles and the organisation from user files as text', async () => {
    const hostileRule = rule('care-records', { title: HOSTILE, source: HOSTILE, categories: [HOSTILE] });
    const page = await report(
      [decision({ id: HOSTILE, category: HOSTILE, reason: HOSTILE, subject: HOSTILE, erasure: erasure('2026-06-15', true) })],
      policy([hostileRule], { organisation: HOSTILE }),
    );
    expect(page).not.toMatch(/<script/i);
    expect(page.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(8);
  });

  it('is self-contained: no script, and nothing that a browser would fetch', async () => {
    const page = await report([decision()]);
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).not.toMatch(/<script|<link|<img|@import|url\(|src=/i);
    expect(page.match(/https?:\/\/[^"\s]+/g) ?? []).toEqual(['http://www.w3.org/2000/svg']);
    expect(page).toContain(`title="${'ab'.repeat(32)}">${'ab'.repeat(6)}…</code>`);
    expect(page).toMatch(/@media print/);
  });

  it('says when --status narrowed what it lists', async () => {
    expect(await report([decision()])).not.toContain('class="notice"');
    const filtered = await report([decision()], undefined, [decision(), retained('R-2', '2030-01-01')]);
    expect(filtered).toContain('This report lists 1 of 2 records');
  });
});
