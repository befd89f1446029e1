/**
 * The human view of a plan: the records that need attention, then a summary per rule and
 * status. Colour comes from `out.colour`, which is a no-op off a terminal or with NO_COLOR.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { STATUSES, type Decision, type Status } from '../../engine/types.js';
import type { PlanSummary } from '../../plan/summary.js';
import { isUpcoming } from '../../plan/planner.js';
import type { PlanHeader, PlanRenderer, RendererFactory } from './renderer.js';
import { renderListedAfterDeletion } from './listed-after-deletion.js';

const STATUS_ORDER: Record<string, number> = Object.fromEntries(
  ['due', 'review', 'held', 'unmatched', 'upcoming', 'pending', 'indefinite', 'retained'].map((s, i) => [s, i]),
);

export function statusColour(c: ChalkInstance, status: Status | 'upcoming'): (text: string) => string {
  switch (status) {
    case 'due':
      return c.red.bold;
    case 'review':
    case 'unmatched':
      return c.yellow;
    case 'held':
      return c.magenta;
    case 'upcoming':
      return c.cyan;
    default:
      return (t) => t;
  }
}

export const tableRenderer: RendererFactory = (out): PlanRenderer => {
  let header: PlanHeader;
  const rows: { decision: Decision; shown: Status | 'upcoming' }[] = [];
  const c = out.colour;
  return {
    async begin(h) {
      header = h;
    },
    async batch(batch) {
      for (const d of batch) rows.push({ decision: d, shown: isUpcoming(d, header.window) ? 'upcoming' : d.status });
    },
    async end(summary) {
      rows.sort((a, b) => (STATUS_ORDER[a.shown] ?? 99) - (STATUS_ORDER[b.shown] ?? 99) || a.decision.id.localeCompare(b.decision.id));
      const width = Math.max(80, process.stdout.columns ?? 120);
      let text = `Plan as of ${header.asOf} — ${header.compiled.organisation} (${header.policy.file})\n`;
      if (rows.length > 0) {
        const reasonWidth = Math.max(30, width - 70);
        const table = new Table({
          head: ['record', 'category', 'status', 'rule', 'eligible', 'approval', 'reason'],
          colWidths: [null, null, null, null, null, null, reasonWidth],
          wordWrap: true,
          style: { head: c.level > 0 ? ['bold'] : [], border: c.level > 0 ? ['grey'] : [] },
        });
        for (const { decision: d, shown } of rows) {
          table.push([d.id, d.category, statusColour(c, shown)(shown), d.rule ?? '—', d.eligibleFrom ?? '—', d.approval, d.reason]);
        }
        text += `${table.toString()}\n`;
      } else {
        text += 'Nothing needs attention.\n';
      }
      text += renderConsentReviews(rows.map((r) => r.decision), c);
      text += renderErasureRequests(summary, header, c);
      text += renderListedAfterDeletion(summary, c);
      text += renderSummary(summary, header, c);
      await out.write(text);
    },
  };
};

function renderSummary(summary: PlanSummary, header: PlanHeader, c: ChalkInstance): string {
  const used = STATUSES.filter((s) => summary.byStatus[s] > 0);
  const table = new Table({
    head: ['rule', ...used, 'total'],
    style: { head: c.level > 0 ? ['bold'] : [], border: c.level > 0 ? ['grey'] : [] },
  });
  for (const [rule, counts] of Object.entries(summary.byRule).sort(([a], [b]) => a.localeCompare(b))) {
    const total = used.reduce((n, s) => n + (counts[s] ?? 0), 0);
    table.push([rule, ...used.map((s) => String(counts[s] ?? '')), String(total)]);
  }
  table.push([c.bold('all rules'), ...used.map((s) => c.bold(String(summary.byStatus[s]))), c.bold(String(summary.records))]);
  const due = summary.byStatus.due;
  const line =
    `${summary.records} records: ${statusColour(c, 'due')(`${due} due`)}` +
    (summary.awaitingApproval > 0 ? ` (${summary.awaitingApproval} awaiting approval)` : '') +
    `, ${summary.upcoming} upcoming by ${header.window.horizonEnd} (${header.horizon})` +
    `, ${summary.byStatus.review} to review, ${summary.byStatus.held} held, ${summary.byStatus.unmatched} unmatched.`;
  return `${table.toString()}\n${line}\n`;
}

/** Records whose consent must be re-confirmed (review.every); `event add consent_confirmed` clears one. */
function renderConsentReviews(listed: readonly Decision[], c: ChalkInstance): string {
  const reviews = listed.filter((d) => d.status === 'review' && d.review?.kind === 'periodic');
  if (reviews.length === 0) return '';
  const table = new Table({ head: ['record', 'subject', 'rule', 'owed since'], style: { head: c.level > 0 ? ['bold'] : [], border: [] } });
  for (const d of reviews) table.push([d.id, d.subject ?? '—', d.rule ?? '—', d.review!.since]);
  return `${c.bold('Consent reviews')} — re-confirm consent, then: retention event add consent_confirmed --record ID --date DATE --by NAME\n${table.toString()}\n`;
}

/** Each erasure request with its response deadline, what it erases and what it cannot. */
function renderErasureRequests(summary: PlanSummary, header: PlanHeader, c: ChalkInstance): string {
  const requests = summary.erasureRequests;
  if (requests.length === 0) return '';
  const table = new Table({
    head: ['subject', 'requested', 'answer by', 'erases', 'kept (exemption)'],
    wordWrap: true,
    style: { head: c.level > 0 ? ['bold'] : [], border: [] },
  });
  for (const r of requests) {
    // Overdue only while something it should erase is still here.
    const late = r.due.length > 0 && r.deadline < header.asOf ? c.red.bold(`${r.deadline} (overdue)`) : r.deadline;
    table.push([r.subject, r.requested, late, r.due.join(', ') || '—', r.kept.map((k) => `${k.id}: ${k.exemption}`).join('\n') || '—']);
  }
  return `${c.bold('Erasure requests')} (UK GDPR art. 17)\n${table.toString()}\n`;
}
