/**
 * Step 3 of loading a policy: the checks a JSON Schema cannot express. Each is a small named
 * function. They also run on files that failed the schema (so one run reports everything),
 * hence they read the document defensively and skip what the schema already complained about.
 */
import { DateTime, IANAZone } from 'luxon';
import type { YamlLocator } from '../yaml/locate.js';
import type { ProblemSink } from '../yaml/problem-sink.js';
import { ruleName, rulesOf } from './document-access.js';
import { quote } from '../yaml/quote.js';
import { isRecord } from '../is-record.js';
import { durationProblem } from './durations.js';
import { closestWord } from '../yaml/did-you-mean.js';
import { BASES, ERASURE_REQUEST_EVENT, WELL_KNOWN_EVENTS } from '../vocabulary.js';
import type { YamlPath } from '../yaml/locate.js';

export interface CheckContext {
  data: unknown;
  locator: YamlLocator;
  sink: ProblemSink;
}

type Check = (ctx: CheckContext) => void;

/** Runs every semantic check, reporting into `ctx.sink`. */
export function runSemanticChecks(ctx: CheckContext): void {
  for (const check of SEMANTIC_CHECKS) check(ctx);
}

const DURATION_HINT = 'use ISO 8601 like P6Y, P18M, P1Y6M, P30D';

function checkTimezone({ data, locator, sink }: CheckContext): void {
  const zone = isRecord(data) ? data.timezone : undefined;
  if (typeof zone !== 'string' || zone === '' || IANAZone.isValidZone(zone)) return;
  const guess = closestWord(zone, Intl.supportedValuesOf('timeZone'));
  sink.error(
    'policy.unknown-timezone',
    locator.value(['timezone']),
    `timezone ${quote(zone)} is not a known IANA time zone`,
    guess ? `did you mean "${guess}"?` : 'use an IANA name such as Europe/London or UTC',
  );
}

function checkFinancialYearEnd({ data, locator, sink }: CheckContext): void {
  const text = isRecord(data) ? data.financial_year_end : undefined;
  const match = typeof text === 'string' ? /^(\d\d)-(\d\d)$/.exec(text) : null;
  if (!match) return; // absent, or its form is a schema error
  // A leap year, so that 02-29 counts as real (the engine clamps it in other years).
  if (DateTime.local(2000, Number(match[1]), Number(match[2])).isValid) return;
  sink.error(
    'policy.bad-financial-year-end',
    locator.value(['financial_year_end']),
    `financial_year_end ${quote(text)} is not a real day of the year`,
    'e.g. "03-31" for 31 March',
  );
}

function checkUniqueRuleIds({ data, locator, sink }: CheckContext): void {
  const firstIndex = new Map<string, number>();
  for (const { rule, index } of rulesOf(data)) {
    if (typeof rule.id !== 'string') continue;
    const first = firstIndex.get(rule.id);
    if (first === undefined) {
      firstIndex.set(rule.id, index);
      continue;
    }
    const firstLine = locator.value(['rules', first, 'id']).line;
    sink.error(
      'policy.duplicate-rule-id',
      locator.value(['rules', index, 'id']),
      `duplicate rule id ${quote(rule.id)} (first used at line ${firstLine ?? '?'})`,
      'rule ids must be unique: plans and the audit log name rules by id',
    );
  }
}

const DURATION_FIELDS = [
  { parent: 'retain', key: 'for', allowZero: true },
  { parent: 'review', key: 'every', allowZero: false },
  { parent: 'review', key: 'if_no_event_after', allowZero: false },
] as const;

function checkDurations({ data, locator, sink }: CheckContext): void {
  for (const { rule, index } of rulesOf(data)) {
    for (const { parent, key, allowZero } of DURATION_FIELDS) {
      const holder = rule[parent];
      const text = isRecord(holder) ? holder[key] : undefined;
      if (typeof text !== 'string') continue;
      const problem = durationProblem(text, { allowZero });
      if (problem) {
        sink.error(
          'policy.bad-duration',
          locator.value(['rules', index, parent, key]),
          `${parent}.${key} ${quote(text)} in ${ruleName(data, index)} ${problem}`,
          DURATION_HINT,
        );
      }
    }
  }
}

/** `retain` mapping: `{ from, for }` together, or `{ until }` alone (`cutoff` fits either). */
function checkRetainForms({ data, locator, sink }: CheckContext): void {
  for (const { rule, index } of rulesOf(data)) {
    const retain = rule.retain;
    if (!isRecord(retain)) continue;
    const at = (key: string) => locator.key(['rules', index, 'retain', key]);
    const name = ruleName(data, index);
    const has = (key: string) => retain[key] !== undefined;
    if (has('until') && (has('from') || has('for'))) {
      sink.error(
        'policy.retain-form',
        at('until'),
        `retain in ${name} mixes "until" with "from"/"for"`,
        'use either { from: EVENT, for: DURATION } or { until: EVENT }',
      );
    } else if (has('from') && !has('for')) {
      sink.error(
        'policy.retain-form',
        at('from'),
        `retain in ${name} has "from" but no "for"`,
        `say how long after the event, e.g. { from: ${String(retain.from)}, for: P6Y }`,
      );
    } else if (has('for') && !has('from')) {
      sink.error(
        'policy.retain-form',
        at('for'),
        `retain in ${name} has "for" but no "from"`,
        'say which event the period starts from, e.g. { from: service_ended, for: P6Y }',
      );
    } else if (!has('until') && !has('from')) {
      sink.error(
        'policy.retain-form',
        locator.value(['rules', index, 'retain']),
        `retain in ${name} names no event`,
        'use { from: EVENT, for: DURATION }, { until: EVENT } or indefinitely',
      );
    }
  }
}

function checkReviewForms({ data, locator, sink }: CheckContext): void {
  for (const { rule, index } of rulesOf(data)) {
    const review = rule.review;
    if (!isRecord(review)) continue;
    const at = (key: string) => locator.key(['rules', index, 'review', key]);
    const name = ruleName(data, index);
    if (review.every !== undefined && review.from === undefined) {
      sink.error(
        'policy.review-form',
        at('every'),
        `review in ${name} has "every" but no "from"`,
        'name the events the period counts from, e.g. from: [consent_given]',
      );
    }
    if (review.from !== undefined && review.every === undefined) {
      sink.error('policy.review-form', at('from'), `review in ${name} has "from" but no "every"`, 'say how often, e.g. every: P1Y');
    }
    if (review.if_no_event_after !== undefined && rule.retain === 'indefinitely') {
      sink.error(
        'policy.review-form',
        at('if_no_event_after'),
        `review.if_no_event_after in ${name} needs a retain that waits for an event`,
        'retain: indefinitely has no trigger event to wait for',
      );
    }
  }
}

/** Bases under which UK GDPR art. 17 erasure on request does not normally apply. */
const NOT_ERASABLE_ON_REQUEST = new Set<string>(['legal-obligation', 'public-task', 'vital-interests', 'contract']);

function warnErasureUnderNonErasableBasis({ data, locator, sink }: CheckContext): void {
  for (const { rule, index } of rulesOf(data)) {
    const eraseOn: unknown[] = Array.isArray(rule.erase_on) ? rule.erase_on : [];
    const position = eraseOn.indexOf(ERASURE_REQUEST_EVENT);
    if (typeof rule.basis !== 'string' || !NOT_ERASABLE_ON_REQUEST.has(rule.basis) || position < 0) continue;
    sink.warning(
      'policy.erasure-basis',
      locator.value(['rules', index, 'erase_on', position]),
      `${ruleName(data, index)} has basis ${rule.basis}, where erasure on request does not normally apply, but erases on erasure_requested`,
      'check this is intended: an erasure request will make these records due',
    );
  }
}

function warnMissingBasis({ data, locator, sink }: CheckContext): void {
  for (const { rule, index } of rulesOf(data)) {
    if (rule.basis !== undefined) continue;
    sink.warning(
      'policy.no-basis',
      locator.value(['rules', index]),
      `${ruleName(data, index)} has no basis`,
      `add basis: one of ${BASES.join(', ')} — erasure requests are judged by it`,
    );
  }
}

/** Where a rule names an event: retention trigger, `erase_on` and `review.from` entries. */
function eventNameUses(data: unknown): { name: string; path: YamlPath; index: number }[] {
  const uses: { name: string; path: YamlPath; index: number }[] = [];
  const add = (value: unknown, path: YamlPath, index: number) => {
    if (typeof value === 'string' && value !== '') uses.push({ name: value, path, index });
  };
  for (const { rule, index } of rulesOf(data)) {
    const at: YamlPath = ['rules', index];
    if (isRecord(rule.retain)) for (const key of ['from', 'until']) add(rule.retain[key], [...at, 'retain', key], index);
    if (Array.isArray(rule.erase_on)) rule.erase_on.forEach((name: unknown, i) => add(name, [...at, 'erase_on', i], index));
    const reviewFrom = isRecord(rule.review) ? rule.review.from : undefined;
    if (Array.isArray(reviewFrom)) reviewFrom.forEach((name: unknown, i) => add(name, [...at, 'review', 'from', i], index));
  }
  return uses;
}

/** Two different names the same policy uses this close are more likely one name misspelt. */
const NEAR_MISS_IN_POLICY = 2;

/**
 * A misspelt event never happens, so its rule waits for ever (or never erases): warn when a
 * name is a near miss of a well-known event, or of another name the same policy uses.
 */
function warnEventNameNearMisses({ data, locator, sink }: CheckContext): void {
  const firstUse = new Map<string, number | null>();
  for (const { name, path, index } of eventNameUses(data)) {
    const line = locator.value(path).line;
    const isNew = !firstUse.has(name);
    if (isNew) firstUse.set(name, line);
    if (WELL_KNOWN_EVENTS.includes(name)) continue;
    const wellKnown = closestWord(name, WELL_KNOWN_EVENTS);
    if (wellKnown !== null) {
      sink.warning(
        'policy.event-near-miss',
        locator.value(path),
        `event ${quote(name)} in ${ruleName(data, index)} is not a well-known event, but close to ${quote(wellKnown)}`,
        `did you mean "${wellKnown}"? a misspelt event never happens, so the rule would wait for it for ever`,
      );
      continue;
    }
    const others = [...firstUse.keys()].filter((other) => other !== name);
    const other = isNew ? closestWord(name, others, NEAR_MISS_IN_POLICY) : null;
    if (other !== null) {
      sink.warning(
        'policy.event-near-miss',
        locator.value(path),
        `event ${quote(name)} in ${ruleName(data, index)} is very close to ${quote(other)} (line ${firstUse.get(other) ?? '?'})`,
        'if they are meant to be the same event, spell them the same: records carry one of them, and the other rule would never see it',
      );
    }
  }
}

const SEMANTIC_CHECKS: Check[] = [
  checkTimezone,
  checkFinancialYearEnd,
  checkUniqueRuleIds,
  checkDurations,
  checkRetainForms,
  checkReviewForms,
  warnErasureUnderNonErasableBasis,
  warnMissingBasis,
  warnEventNameNearMisses,
];
