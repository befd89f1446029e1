/**
 * The human view of a plan: the records that need attention, one table per status, then
 * consent reviews, erasure requests and a summary per rule and status. Every table fits the
 * screen (`out.width`, else DEFAULT_WIDTH). A status with more records than a person reads
 * in a terminal lists the first LIMIT by id and points to `--format csv` for all of them, so
 * the table costs about what csv does however big the plan. Colour comes from `out.colour`,
 * which is a no-op off a terminal or with NO_COLOR.
 */
import type { ChalkInstance } from 'chalk';
import { STATUSES, type Decision, type Status } from '../../engine/types.js';
import type { PlanSummary } from '../../planner/summary.js';
import { isUpcoming } from '../../planner/planner.js';
import { countOf } from '../../plural.js';
import type { PlanHeader, PlanRenderer, RendererFactory } from './renderer.js';
import { renderListedAfterDeletion } from './listed-after-deletion.js';
import { renderNoLongerListed } from './no-longer-listed.js';
import { renderPolicyImpact } from './policy-impact.js';
import { FirstByRecordId } from './record-order.js';
import { renderTextTable, wrapText, type TextColumn } from './text-table.js';
import { visible } from './visible.js';

/** How a record is listed: its status, or `upcoming` for a retained one due within the horizon. */
type Shown = Status | 'upcoming';

const SHOWN_ORDER: readonly Shown[] = ['due', 'review', 'held', 'unmatched', 'upcoming', 'pending', 'indefinite', 'retained'];

/** Records listed per status (and per other list) before the rest are only counted. */
export const LIMIT = 200;

/** Off a terminal, with no $COLUMNS: wide enough for reasons, narrow enough for a mail. */
export const DEFAULT_WIDTH = 100;

export function statusColour(c: ChalkInstance, status: Shown): (text: string) => string {
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

interface RecordColumn extends TextColumn {
  cell: (d: Decision) => string;
}

// Ids, categories and reasons come from users' files: shown, never acted on (visible.ts).
const RECORD: RecordColumn = { heading: 'record', cell: (d) => visible(d.id) };
const CATEGORY: RecordColumn = { heading: 'category', cell: (d) => visible(d.category) };
const ELIGIBLE: RecordColumn = { heading: 'eligible', cell: (d) => d.eligibleFrom ?? '—' };
const APPROVAL: RecordColumn = { heading: 'approval', cell: (d) => d.approval };
/** The reason begins with the governing rule's id, so the rule needs no column of its own. */
const REASON: RecordColumn = { heading: 'reason', prose: true, cell: (d) => visible(d.reason) };

/** The columns that say something for each list: a date and an approval only where there is one. */
function columnsFor(shown: Shown): readonly RecordColumn[] {
  switch (shown) {
    case 'due':
    case 'upcoming':
      return [RECORD, CATEGORY, ELIGIBLE, APPROVAL, REASON];
    case 'retained':
      return [RECORD, CATEGORY, ELIGIBLE, REASON];
    default:
      return [RECORD, CATEGORY, REASON];
  }
}

export const tableRenderer: RendererFactory = (out): PlanRenderer => {
  let header: PlanHeader;
  const groups = new Map<Shown, FirstByRecordId<Decision>>(SHOWN_ORDER.map((s) => [s, new FirstByRecordId<Decision>(LIMIT)]));
  const consentReviews = new FirstByRecordId<Decision>(LIMIT);
  const c = out.colour;
  const width = out.width ?? DEFAULT_WIDTH;
  return {
    async begin(h) {
      header = h;
    },
    async batch(batch) {
      for (const d of batch) {
        groups.get(isUpcoming(d, header.window) ? 'upcoming' : d.status)?.add(d);
        if (d.status === 'review' && d.review?.kind === 'periodic') consentReviews.add(d);
      }
    },
    async end(summary, { impact } = {}) {
      let text = wrapText(`Plan as of ${header.asOf} — ${visible(header.compiled.organisation)} (${visible(header.policy.file)})`, width);
      const listed = SHOWN_ORDER.filter((s) => (groups.get(s)?.count ?? 0) > 0);
      if (listed.length === 0) text += wrapText('Nothing needs attention.', width);
      for (const shown of listed) {
        const group = groups.get(shown);
        if (group) text += renderGroup(shown, group, width, c);
      }
      text += renderConsentReviews(consentReviews, width, c);
      text += renderErasureRequests(summary, header, width, c);
      text += renderListedAfterDeletion(summary, width, c);
      text += renderNoLongerListed(summary, width, c);
      text += renderPolicyImpact(impact, LIMIT, width, c);
      text += renderSummary(summary, header, width, c);
      await out.write(text);
    },
  };
};

function renderGroup(shown: Shown, group: FirstByRecordId<Decision>, width: number, c: ChalkInstance): string {
  const columns = columnsFor(shown);
  const rows = group.first().map((d) => columns.map((column) => column.cell(d)));
  const heading = `${statusColour(c, shown)(shown)}: ${countOf(group.count, 'record')}`;
  return `\n${heading}\n${renderTextTable(columns, rows, width, c)}\n${moreLine(group, `--status ${shown}`, width)}`;
}

/** "… and 7671 more …", when a list was cut at LIMIT. */
function moreLine(group: FirstByRecordId<Decision>, statusFlag: string, width: number): string {
  const more = group.count - group.first().length;
  if (more === 0) return '';
  return wrapText(
    `… and ${more} more (the first ${LIMIT} by id are listed); to see every one: retention plan ${statusFlag} --format csv`,
    width,
  );
}

function renderSummary(summary: PlanSummary, header: PlanHeader, width: number, c: ChalkInstance): string {
  const used = STATUSES.filter((s) => summary.byStatus[s] > 0);
  const rows = Object.entries(summary.byRule)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, counts]) => [rule, ...used.map((s) => String(counts[s] ?? '')), String(used.reduce((n, s) => n + (counts[s] ?? 0), 0))]);
  rows.push([c.bold('all rules'), ...used.map((s) => c.bold(String(summary.byStatus[s]))), c.bold(String(summary.records))]);
  const columns = ['rule', ...used, 'total'].map((heading) => ({ heading }));
  const due = summary.byStatus.due;
  const line =
    `${countOf(summary.records, 'record')}: ${statusColour(c, 'due')(`${due} due`)}` +
    (summary.awaitingApproval > 0 ? ` (${summary.awaitingApproval} awaiting approval)` : '') +
    `, ${summary.upcoming} upcoming by ${header.window.horizonEnd} (${header.horizon})` +
    `, ${summary.byStatus.review} to review, ${summary.byStatus.held} held, ${summary.byStatus.unmatched} unmatched.`;
  return `\n${renderTextTable(columns, rows, width, c)}\n${wrapText(line, width)}`;
}

/** Records whose consent must be re-confirmed (review.every); `event add consent_confirmed` clears one. */
function renderConsentReviews(reviews: FirstByRecordId<Decision>, width: number, c: ChalkInstance): string {
  if (reviews.count === 0) return '';
  const columns = ['record', 'subject', 'rule', 'owed since'].map((heading) => ({ heading }));
  const rows = reviews.first().map((d) => [visible(d.id), visible(d.subject ?? '—'), d.rule ?? '—', d.review?.since ?? '—']);
  const heading = `${c.bold('Consent reviews')}: ${countOf(reviews.count, 'record')} — re-confirm consent, then: retention event add consent_confirmed --record ID --date DATE --by NAME`;
  return `\n${wrapText(heading, width)}${renderTextTable(columns, rows, width, c)}\n${moreLine(reviews, '--status review', width)}`;
}

const ERASURE_COLUMNS: readonly TextColumn[] = [
  { heading: 'subject' },
  { heading: 'requested' },
  { heading: 'answer by' },
  { heading: 'to erase (due now)', prose: true },
  { heading: 'kept (exemption)', prose: true },
  { heading: 'not proven erased', prose: true },
];

/** Each erasure request (the first LIMIT by deadline) with its response deadline, the records it makes due and those it cannot erase. */
function renderErasureRequests(summary: PlanSummary, header: PlanHeader, width: number, c: ChalkInstance): string {
  const requests = summary.erasureRequests;
  if (requests.length === 0) return '';
  // The last column only when a request has a record not proven erased: it narrows the others.
  const notErased = requests.some((r) => r.notErased.length > 0);
  const rows = requests.slice(0, LIMIT).map((r) => [
    visible(r.subject),
    r.requested,
    // Overdue only while something it should erase is still here.
    r.due.length > 0 && r.deadline < header.asOf ? c.red.bold(`${r.deadline} (overdue)`) : r.deadline,
    [...r.due.map(visible), ...r.dueByRule.map((id) => `${visible(id)} (due under its own rule)`)].join(', ') || '—',
    r.kept.map((k) => `${visible(k.id)}: ${k.exemption}`).join('\n') || '—',
    ...(notErased ? [r.notErased.map((n) => `${visible(n.id)}: ${visible(n.why)}`).join('\n') || '—'] : []),
  ]);
  const more = requests.length - rows.length;
  const rest =
    more > 0
      ? wrapText(`… and ${countOf(more, 'more request')}, by deadline; every one: retention plan --format html (or json)`, width)
      : '';
  return `\n${wrapText(`${c.bold('Erasure requests')} (UK GDPR art. 17): ${requests.length}`, width)}${renderTextTable(notErased ? ERASURE_COLUMNS : ERASURE_COLUMNS.slice(0, -1), rows, width, c)}\n${rest}`;
}
