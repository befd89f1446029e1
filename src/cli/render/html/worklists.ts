/** The report's worklists: each a table of records and what the reader should do about them. */
import type { Decision, Hold } from '../../../engine/types.js';
import type { PlanWindow } from '../../../planner/planner.js';
import { html, type Html } from './markup.js';
import { dateCell, readableDate } from './format.js';
import { byRecordId } from '../record-order.js';
import { renderWorklist, type Column } from './table.js';
import type { Worklists } from './collect.js';

const RECORD: Column<Decision> = { heading: 'Record', cell: (d) => html`<code>${d.id}</code>` };
const CATEGORY: Column<Decision> = { heading: 'Category', cell: (d) => d.category };
const RULE: Column<Decision> = { heading: 'Rule', cell: (d) => d.rule ?? '—' };
const REASON: Column<Decision> = { heading: 'Reason', cell: (d) => html`<span class="reason">${d.reason}</span>` };
const DUE_COLUMNS: Column<Decision>[] = [
  RECORD,
  CATEGORY,
  RULE,
  { heading: 'Eligible since', cell: (d) => dateCell(d.eligibleFrom) },
  REASON,
];
const REVIEW_COLUMNS: Column<Decision>[] = [
  RECORD,
  CATEGORY,
  RULE,
  { heading: 'Owed since', cell: (d) => dateCell(d.review?.since ?? null) },
  { heading: 'What is owed', cell: (d) => html`<span class="reason">${d.review?.note ?? d.reason}</span>` },
];

/** What the next run does with a paper record, said wherever a list may hold one. */
const PAPER_GOES_TO_WORKLIST =
  'records on a manual target (paper) are put on the destruction worklist instead, for a person to destroy and confirm';

/**
 * Every worklist except erasure requests, upcoming and pending, in the order a DPO works through
 * them. `manualTargetsKnown` false (no config): paper records cannot be told apart, so the
 * automatic list says what happens to them.
 */
export function renderWorklists(lists: Worklists, manualTargetsKnown: boolean): Html {
  return html`${renderWorklist({
    id: 'awaiting-approval',
    title: 'Awaiting approval',
    todo: `These records have passed their retention period and their rule needs a person\u2019s sign-off. Check each one, then approve the plan so the next run deletes them (${PAPER_GOES_TO_WORKLIST}); place a hold on any that must be kept.`,
    rows: byEligibility(lists.awaitingApproval),
    columns: DUE_COLUMNS,
  })}${renderWorklist({
    id: 'due-automatic',
    title: 'Due for automatic deletion',
    todo: `These records have passed their retention period under a rule that needs no approval: the next scheduled run deletes them${
      manualTargetsKnown ? '' : ` (${PAPER_GOES_TO_WORKLIST})`
    }. Place a hold now on any that must be kept.`,
    rows: byEligibility(lists.dueAutomatic),
    columns: DUE_COLUMNS,
  })}${renderWorklist({
    id: 'due-by-hand',
    title: 'Due for destruction by hand',
    todo: 'These records are on a manual target (paper, or a system the tool cannot reach) and have passed their retention period under a rule that needs no approval. The tool cannot delete them: the next run puts them on the destruction worklist, then a person destroys each one and records it with retention confirm.',
    rows: byEligibility(lists.dueByHand),
    columns: DUE_COLUMNS,
  })}${renderWorklist({
    id: 'consent-reviews',
    title: 'To review: consent',
    todo: 'The periodic check of consent is overdue. Ask each person whether they are still happy for us to hold the material, and record their answer (confirmed or withdrawn).',
    rows: [...lists.consentReviews].sort(byRecordId),
    columns: REVIEW_COLUMNS,
  })}${renderWorklist({
    id: 'missing-triggers',
    title: 'To review: missing dates',
    todo: 'The event that starts these records\u2019 retention period has not been recorded long after they were created. Find out whether it happened (for example, the service ended) and record its date.',
    rows: [...lists.missingTriggers].sort(byRecordId),
    columns: REVIEW_COLUMNS,
  })}${renderWorklist({
    id: 'held',
    title: 'Held',
    todo: 'These records are kept, whatever the rules say, by a legal hold or a hold flag. Release a hold when its reason no longer applies.',
    rows: [...lists.held].sort(byRecordId),
    columns: [RECORD, CATEGORY, { heading: 'Held by', cell: (d) => holdList(d) }],
  })}${renderWorklist({
    id: 'unmatched',
    title: 'Not covered by any rule',
    todo: 'No rule covers these categories, so the records are kept and reported. Add a rule to the policy, or correct the category in the inventory.',
    rows: [...lists.unmatched].sort(byRecordId),
    columns: [RECORD, CATEGORY, { heading: 'Location', cell: (d) => d.location ?? '—' }],
  })}`;
}

/** The upcoming worklist, which ends the report's worklists after erasure requests. */
export function renderUpcoming(upcoming: readonly Decision[], window: PlanWindow): Html {
  return renderWorklist({
    id: 'upcoming',
    title: `Upcoming, by ${readableDate(window.horizonEnd)}`,
    todo: 'These records become eligible for deletion within the look-ahead period. Nothing to do yet, unless one of them must be kept longer.',
    rows: byEligibility(upcoming),
    columns: [
      RECORD,
      CATEGORY,
      RULE,
      { heading: 'Eligible from', cell: (d) => dateCell(d.eligibleFrom) },
      { heading: 'Approval', cell: (d) => d.approval },
    ],
  });
}

/** Records kept until an event starts their retention period; the report's last worklist. */
export function renderPending(pending: readonly Decision[]): Html {
  return renderWorklist({
    id: 'pending',
    title: 'Waiting for an event',
    todo: 'These records are kept until the event that starts their retention period happens (for example, the end of a service). Nothing to do, unless the event has happened and is not recorded: record its date, and the policy decides again.',
    rows: [...pending].sort(byRecordId),
    columns: [
      RECORD,
      CATEGORY,
      RULE,
      { heading: 'Waiting for', cell: (d) => (d.trigger.event === null ? '—' : html`<code>${d.trigger.event}</code>`) },
    ],
  });
}

/** Longest overdue (or soonest) first. */
function byEligibility(decisions: readonly Decision[]): Decision[] {
  return [...decisions].sort((a, b) => (a.eligibleFrom ?? '').localeCompare(b.eligibleFrom ?? '') || byRecordId(a, b));
}

function holdList(d: Decision): Html {
  // A hold_while flag holds the record without a hold row; the reason names the flag.
  if (d.holds.length === 0) return html`<span class="reason">${d.reason}</span>`;
  return html`<ul class="records">${d.holds.map((h) => html`<li>${describeHold(h)}</li>`)}</ul>`;
}

function describeHold(h: Hold): Html {
  const until = h.until === null ? 'until released' : html`until ${dateCell(h.until)}`;
  return html`<code>${h.id}</code> on ${h.scope} <code>${h.ref}</code>: ${h.reason} (${until})`;
}
