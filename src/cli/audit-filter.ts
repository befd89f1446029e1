/** The flags of `audit list`, checked and turned into the store's AuditFilter. */
import { DateTime } from 'luxon';
import { AUDIT_ACTIONS } from '../audit-entry.js';
import { usageError } from '../errors.js';
import type { AuditFilter } from '../store/types.js';
import { parseChoice } from './options.js';

export interface AuditFilterFlags {
  record?: string;
  subject?: string;
  run?: string;
  since?: string;
  action?: string;
}

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Usage errors for an unknown action (listing the valid ones) or a `--since` that is not a date or timestamp. */
export function auditFilterFrom(flags: AuditFilterFlags): AuditFilter {
  const filter: AuditFilter = {};
  if (flags.record !== undefined) filter.record = flags.record;
  if (flags.subject !== undefined) filter.subject = flags.subject;
  if (flags.run !== undefined) filter.run = flags.run;
  if (flags.action !== undefined) filter.action = parseChoice('--action', flags.action, AUDIT_ACTIONS);
  if (flags.since !== undefined) filter.since = sinceBound(flags.since);
  return filter;
}

/**
 * Entry times are UTC ISO 8601 text, compared as text by the store. A plain date is kept as
 * it is (the start of that UTC day); a timestamp is brought to the same UTC form first, so
 * `2026-05-01T09:00+01:00` compares correctly. A timestamp without an offset is UTC.
 */
function sinceBound(text: string): string {
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  if (!parsed.isValid) {
    throw usageError('usage.bad-value', `--since "${text}" is not a date or timestamp — use YYYY-MM-DD or e.g. 2026-05-01T09:00:00Z`, {
      flag: '--since',
      value: text,
    });
  }
  return PLAIN_DATE.test(text) ? text : parsed.toUTC().toISO();
}
