/** Parsers for flag values: each returns the value or throws a usage error saying what to type. */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { durationProblem, planValidityProblem } from '../policy/durations.js';
import { STATUSES } from '../engine/types.js';
import { usageError } from '../errors.js';
import { isPlaceholderDate, PLACEHOLDER_DATE_HINT } from '../placeholder-dates.js';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `usage.bad-value` naming the flag and what it was given. */
function badValue(flag: string, text: string, message: string) {
  return usageError('usage.bad-value', message, { flag, value: text });
}

export function parseDateFlag(flag: string, text: string): string {
  if (!DATE_PATTERN.test(text) || !DateTime.fromISO(text).isValid) {
    throw badValue(flag, text, `${flag} "${text}" is not a date — use YYYY-MM-DD, e.g. 2026-03-31`);
  }
  return text;
}

/** The date a fact happened on (`event add --date`): a date, and not a placeholder for "no date". */
export function parseFactDateFlag(flag: string, text: string): string {
  const date = parseDateFlag(flag, text);
  if (isPlaceholderDate(date)) throw badValue(flag, text, `${flag} "${text}" is a placeholder, not a real date — ${PLACEHOLDER_DATE_HINT}`);
  return date;
}

/** A duration such as `--horizon P3M`: whole calendar units, not past MAX_DURATION_YEARS (policy/durations.ts). */
export function parseDurationFlag(flag: string, text: string): string {
  const problem = durationProblem(text, { allowZero: true });
  if (problem) throw badValue(flag, text, `${flag} "${text}" ${problem} — use e.g. P3M, P1Y, P30D`);
  return text;
}

/**
 * How long a saved plan as of `asOf` stays valid (`--valid-for`, or the config's
 * `plans.validFor` named as `flag`): not zero, and ending at most MAX_PLAN_VALIDITY after `asOf`.
 */
export function parseValidityFlag(flag: string, text: string, asOf: string): string {
  const problem = planValidityProblem(text, asOf);
  if (problem) throw badValue(flag, text, `${flag} "${text}" ${problem}`);
  return text;
}

export function parseCountFlag(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw badValue(flag, text, `${flag} "${text}" is not a whole number`);
  return Number(text);
}

/** A percentage from 0 to 100, decimals allowed (`--max-percent 2.5`). */
export function parsePercentFlag(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > 100) throw badValue(flag, text, `${flag} "${text}" is not a percentage from 0 to 100`);
  return value;
}

/** Plan statuses a listing can be narrowed to; `upcoming` = retained but eligible within the horizon. */
export const LISTABLE_STATUSES = [...STATUSES, 'upcoming'] as const;
export type ListableStatus = (typeof LISTABLE_STATUSES)[number];

export function parseStatusList(text: string): Set<ListableStatus> {
  const wanted = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const statuses = wanted.flatMap((s) => LISTABLE_STATUSES.filter((status) => status === s));
  const unknown = wanted.filter((s) => !statuses.some((status) => status === s));
  if (unknown.length > 0 || wanted.length === 0) {
    throw badValue(
      '--status',
      text,
      `--status "${text}": unknown status ${unknown.map((s) => `"${s}"`).join(', ')}; valid: ${LISTABLE_STATUSES.join(', ')}`,
    );
  }
  return new Set(statuses);
}

export function parseChoice<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  const choice = choices.find((c) => c === text);
  if (choice === undefined) throw badValue(flag, text, `${flag} "${text}" is not one of ${choices.join(', ')}`);
  return choice;
}

/**
 * `--by NAME`: the person a command acts for, recorded as the audit entry's actor (the config's
 * `actor` is for unattended runs). Required, and not blank: "who did it" must never be guessed.
 */
export function parseByFlag(text: string | undefined, what: string): string {
  return requiredText(
    '--by',
    text,
    `the person who ${what} is recorded in the audit log (the config's "actor" is for unattended runs)`,
    'NAME',
  );
}

/** A flag that must be given and not blank (`--reason`, `--method`), trimmed; `why` says what it is for. */
export function requiredText(flag: string, text: string | undefined, why: string, placeholder = 'TEXT'): string {
  const value = text?.trim() ?? '';
  if (value === '') throw usageError('usage.missing-value', `${flag} ${placeholder} is required: ${why}`, { flag });
  return refuseControlCharacters(flag, value);
}

/** A free-text flag that may be left out (`--note`), trimmed; null when absent or blank. */
export function optionalText(flag: string, text: string | undefined): string | null {
  const value = text?.trim() ?? '';
  return value === '' ? null : refuseControlCharacters(flag, value);
}

/**
 * Control characters (C0, DEL, C1: escape sequences, carriage returns, line feeds) and Unicode
 * line separators. A name or reason is shown to people by `audit list`, `hold list` and the
 * certificate: such a character could clear their screen, hide text or forge another line.
 */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;

function refuseControlCharacters(flag: string, value: string): string {
  const found = CONTROL_CHARACTER.exec(value);
  if (found === null) return value;
  const code = `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw usageError(
    'usage.control-character',
    `${flag} holds a control character or line break (${code} at character ${found.index + 1}); give plain text on one line`,
    { flag, character: code },
  );
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
        const flag = option.long ?? option.flags;
        throw usageError(
          'usage.empty-value',
          `${flag} ${JSON.stringify(value)}: the value is empty — give one, or leave the option out for its default`,
          { flag },
        );
      }
    }
  }
}
