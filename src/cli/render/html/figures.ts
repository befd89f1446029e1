/** The summary as big numbers, each linking to the worklist behind it. */
import type { PlanSummary } from '../../../planner/summary.js';
import type { PlanWindow } from '../../../planner/planner.js';
import { html, type Html } from './markup.js';
import { readableDate } from './format.js';

interface Figure {
  key: string;
  label: string;
  value: number;
  hint: string;
  /** The section that lists what the figure counts. */
  href: string;
  /** Figures that ask for action stand out when they are not zero. */
  urgent: boolean;
}

/** `erasureRequests` is the number of distinct requests (one subject, one date) in the plan. */
export function renderFigures(summary: PlanSummary, window: PlanWindow, erasureRequests: number): Html {
  const s = summary.byStatus;
  const figures: Figure[] = [
    { key: 'records', label: 'Records', value: summary.records, hint: 'in the inventory', href: '#rules', urgent: false },
    { key: 'due', label: 'Due now', value: s.due, hint: 'past their retention period', href: '#awaiting-approval', urgent: true },
    {
      key: 'awaiting-approval',
      label: 'Awaiting approval',
      value: summary.awaitingApproval,
      hint: 'of those due, need sign-off',
      href: '#awaiting-approval',
      urgent: true,
    },
    {
      key: 'upcoming',
      label: 'Upcoming',
      value: summary.upcoming,
      hint: `due by ${readableDate(window.horizonEnd)}`,
      href: '#upcoming',
      urgent: false,
    },
    { key: 'review', label: 'To review', value: s.review, hint: 'consent checks, missing dates', href: '#consent-reviews', urgent: true },
    { key: 'held', label: 'Held', value: s.held, hint: 'kept by a hold', href: '#held', urgent: false },
    { key: 'unmatched', label: 'Unmatched', value: s.unmatched, hint: 'no rule covers them', href: '#unmatched', urgent: true },
    {
      key: 'erasure',
      label: 'Open erasure requests',
      value: erasureRequests,
      hint: 'on records we still have',
      href: '#erasure',
      urgent: true,
    },
  ];
  return html`<dl class="figures">
${figures.map(renderFigure)}</dl>
`;
}

function renderFigure(f: Figure): Html {
  const attention = f.urgent && f.value > 0 ? ' attention' : '';
  return html`<div class="figure${attention}" data-figure="${f.key}"><dt>${f.label}</dt><dd class="number"><a href="${f.href}">${f.value}</a></dd><dd class="hint">${f.hint}</dd></div>
`;
}
