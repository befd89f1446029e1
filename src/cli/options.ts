/** Parsers for flag values: each returns the value or throws a usage error saying what to type. */
import type { Command } from 'commander';
import { DateTime, Duration } from 'luxon';
import { STATUSES } from '../engine/types.js';
import { usageError } from '../errors.js';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function parseDateFlag(flag: string, text: string): string {
  if (!DATE_PATTERN.test(text) || !DateTime.fromISO(text).isValid) {
    throw usageError(`${flag} "${text}" is not a date — use YYYY-MM-DD, e.g. 2026-03-31`);
  }
  return text;
}

export function parseDurationFlag(flag: string, text: string): string {
  const d = Duration.fromISO(text);
  if (!d.isValid || Object.values(d.toObject()).some((v) => v < 0)) {
    throw usageError(`${flag} "${text}" is not an ISO 8601 duration — use e.g. P3M, P1Y, P30D`);
  }
  return text;
}

export function parseCountFlag(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw usageError(`${flag} "${text}" is not a whole number`);
  return Number(text);
}

/** A percentage from 0 to 100, decimals allowed (`--max-percent 2.5`). */
export function parsePercentFlag(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > 100) throw usageError(`${flag} "${text}" is not a percentage from 0 to 100`);
  return value;
}

/** Plan statuses a listing can be narrowed to; `upcoming` = retained but eligible within the horizon. */
export const LISTABLE_STATUSES = [...STATUSES, 'upcoming'] as const;
export type ListableStatus = (typeof LISTABLE_STATUSES)[number];

export function parseStatusList(text: string): Set<ListableStatus> {
  const wanted = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((s) => !(LISTABLE_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0 || wanted.length === 0) {
    throw usageError(`--status "${text}": unknown status ${unknown.map((s) => `"${s}"`).join(', ')}; valid: ${LISTABLE_STATUSES.join(', ')}`);
  }
  return new Set(wanted as ListableStatus[]);
}

export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw usageError(`${flag} "${text}" is not one of ${choices.join(', ')}`);
  }
  return text as T;
}

/**
 * `--by NAME`: the person a command acts for, recorded as the audit entry's actor (the config's
 * `actor` is for unattended runs). Required, and not blank: "who did it" must never be guessed.
 */
export function parseByFlag(text: string | undefined, what: string): string {
  const name = text?.trim() ?? '';
  if (name === '') {
    throw usageError(`--by NAME is required: the person who ${what} is recorded in the audit log (the config's "actor" is for unattended runs)`);
  }
  return name;
}

/**
 * Refuses an option given an empty value (`--as-of ""`, `--policy ""`) on `command` or the
 * commands above it. Commands take a missing value to mean "use the default", and an empty
 * one would otherwise quietly become today's date or the config's policy.
 */
export function refuseEmptyOptionValues(command: Command): void {
  for (let at: Command | null = command; at !== null; at = at.parent) {
    for (const option of at.options) {
      const value: unknown = at.getOptionValue(option.attributeName());
      if (typeof value === 'string' && value.trim() === '') {
        throw usageError(`${option.long ?? option.flags} ${JSON.stringify(value)}: the value is empty — give one, or leave the option out for its default`);
      }
    }
  }
}
