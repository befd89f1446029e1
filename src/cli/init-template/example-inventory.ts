/**
 * The example inventory `retention init` writes: records of the Leading Lives pack whose
 * dates are counted back from the day init runs, so that on that day (and for a good while
 * after) `plan` shows every status and `apply --yes` has something automatic to delete.
 */
import { DateTime, Duration } from 'luxon';
import { stringify } from 'csv-stringify/sync';
import { splitLocation } from '../../targets/registry.js';
import { EXAMPLE_FILES_TARGET } from './example-config.js';

interface ExampleRecord {
  id: string;
  subject: string;
  category: string;
  /** How long before init day the record was created (ISO 8601 duration). */
  createdAgo: string;
  /** On the example config's `records` (files) or `paper` (manual) target. */
  location: string;
  /** Event name → how long before init day it happened. */
  eventsAgo: Record<string, string>;
  /** What `plan` says about it on init day; written into its sample file. */
  expected: string;
}

/** Event columns, in the order the CSV lists them; all are named by the Leading Lives policy. */
const EVENT_COLUMNS = [
  'service_ended',
  'incident_reported',
  'complaint_closed',
  'consent_given',
  'consent_confirmed',
  'consent_withdrawn',
  'last_contact',
];

export const EXAMPLE_RECORDS: readonly ExampleRecord[] = [
  {
    id: 'EX-01',
    subject: 'S-101',
    category: 'photograph',
    createdAgo: 'P1Y',
    location: 'records:client-101/photo-garden-party.txt',
    eventsAgo: { consent_given: 'P1Y', consent_withdrawn: 'P10D' },
    expected: 'due, automatic: consent withdrawn',
  },
  {
    id: 'EX-02',
    subject: 'S-102',
    category: 'storyboard',
    createdAgo: 'P3Y1M',
    location: 'records:client-102/storyboard.txt',
    eventsAgo: { consent_given: 'P3Y1M', consent_confirmed: 'P2M' },
    expected: 'due, automatic: three years since consent',
  },
  {
    id: 'EX-03',
    subject: 'S-101',
    category: 'care-plan',
    createdAgo: 'P9Y',
    location: 'records:client-101/care-plan.txt',
    eventsAgo: { service_ended: 'P7Y' },
    expected: 'due, approval required',
  },
  {
    id: 'EX-04',
    subject: 'S-103',
    category: 'health',
    createdAgo: 'P4Y',
    location: 'records:client-103/health-summary.txt',
    eventsAgo: { service_ended: 'P2Y' },
    expected: 'retained',
  },
  {
    id: 'EX-05',
    subject: 'S-104',
    category: 'support-notes',
    createdAgo: 'P1Y',
    location: 'records:client-104/support-notes.txt',
    eventsAgo: {},
    expected: 'pending: service has not ended',
  },
  {
    id: 'EX-06',
    subject: 'S-105',
    category: 'invoice',
    createdAgo: 'P8Y',
    location: 'paper:box-3/folder-06',
    eventsAgo: { service_ended: 'P7Y6M' },
    expected: 'due, approval required (paper)',
  },
  {
    id: 'EX-07',
    subject: 'S-106',
    category: 'complaint',
    createdAgo: 'P2Y',
    location: 'paper:box-1/complaint-07',
    eventsAgo: { complaint_closed: 'P1Y' },
    expected: 'retained (paper)',
  },
  {
    id: 'EX-08',
    subject: 'S-107',
    category: 'photograph',
    createdAgo: 'P5M',
    location: 'records:client-107/photo-art-class.txt',
    eventsAgo: { consent_given: 'P5M' },
    expected: 'retained',
  },
  {
    id: 'EX-09',
    subject: 'S-108',
    category: 'video',
    createdAgo: 'P2Y',
    location: 'records:client-108/video-concert.txt',
    eventsAgo: { consent_given: 'P2Y' },
    expected: 'review: consent not confirmed for a year',
  },
  {
    id: 'EX-10',
    subject: 'S-109',
    category: 'incident',
    createdAgo: 'P1Y',
    location: 'records:incidents/incident-10.txt',
    eventsAgo: { incident_reported: 'P1Y' },
    expected: 'pending: service has not ended',
  },
  {
    id: 'EX-11',
    subject: 'S-110',
    category: 'safeguarding-referral',
    createdAgo: 'P8Y',
    location: 'records:client-110/referral.txt',
    eventsAgo: { service_ended: 'P6Y2M' },
    expected: 'due, approval required (held once you add the hold)',
  },
  {
    id: 'EX-12',
    subject: 'S-111',
    category: 'newsletter-mailing',
    createdAgo: 'P6M',
    location: 'records:mailing/newsletter-12.txt',
    eventsAgo: {},
    expected: 'unmatched: no rule covers it',
  },
  {
    id: 'EX-13',
    subject: 'S-112',
    category: 'web-feedback',
    createdAgo: 'P3M',
    location: 'records:website/feedback-13.txt',
    eventsAgo: { last_contact: 'P3M' },
    expected: 'retained',
  },
];

/** The record whose hold the next steps suggest, to show the `held` status. */
export const EXAMPLE_HOLD_RECORD = 'EX-11';

/** The inventory CSV (header first) with dates counted back from `today` (YYYY-MM-DD). */
export function exampleInventoryCsv(today: string): string {
  const day = DateTime.fromISO(today, { zone: 'utc' });
  if (!day.isValid) throw new Error(`today "${today}" is not a date (this is a bug)`);
  const ago = (duration: string) => day.minus(Duration.fromISO(duration)).toISODate();
  const rows = EXAMPLE_RECORDS.map((r) => [
    r.id,
    r.subject,
    r.category,
    ago(r.createdAgo),
    r.location,
    ...EVENT_COLUMNS.map((event) => {
      const before = r.eventsAgo[event];
      return before === undefined ? '' : ago(before);
    }),
  ]);
  return stringify([['id', 'subject', 'category', 'created', 'location', ...EVENT_COLUMNS], ...rows]);
}

/** The sample files of the `records` target: relative path → content (no real data in them). */
export function exampleRecordFiles(): { ref: string; content: string }[] {
  return EXAMPLE_RECORDS.flatMap((r) => {
    const where = splitLocation(r.location);
    if (where?.target !== EXAMPLE_FILES_TARGET) return [];
    const content = `Example record ${r.id} (${r.category}) written by "retention init". Not real data.\nOn the day it was written, plan said: ${r.expected}.\n`;
    return [{ ref: where.ref, content }];
  });
}
