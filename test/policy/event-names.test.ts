/**
 * A misspelt event name validates but never happens, so its rule waits for ever or never erases:
 * `validate` warns about a name that is a near miss of a well-known event or of another name in
 * the same policy, with file:line:col. Real, distinct names stay silent.
 */
import { describe, expect, it } from 'vitest';
import { DESIGN_EXAMPLE, load } from './helpers.js';

const policy = (rules: string) => `version: 1
organisation: Test
timezone: Europe/London
rules:
${rules}`;

const warningsOf = (text: string) =>
  load(text)
    .problems.filter((p) => p.severity === 'warning')
    .map((p) => ({ line: p.line, col: p.col, message: p.message, hint: p.hint }));

describe('event names that are near misses', () => {
  it('of a well-known event: retain.from, erase_on and review.from, each with its position', () => {
    const text = policy(`  - id: photos
    match: { category: [photo] }
    basis: consent
    retain: { from: servce_ended, for: P1Y }
    erase_on: [consent_withdrawal]
    review: { every: P1Y, from: [consent_confirmd] }
  - id: notes
    match: { category: [note] }
    basis: contract
    retain: { until: consent_withdrawl }
`);
    expect(warningsOf(text)).toEqual([
      {
        line: 8,
        col: 21,
        message: 'event "servce_ended" in rule "photos" is not a well-known event, but close to "service_ended"',
        hint: expect.stringContaining('did you mean "service_ended"?'),
      },
      {
        line: 9,
        col: 16,
        message: 'event "consent_withdrawal" in rule "photos" is not a well-known event, but close to "consent_withdrawn"',
        hint: expect.any(String),
      },
      {
        line: 10,
        col: 34,
        message: 'event "consent_confirmd" in rule "photos" is not a well-known event, but close to "consent_confirmed"',
        hint: expect.any(String),
      },
      {
        line: 14,
        col: 22,
        message: 'event "consent_withdrawl" in rule "notes" is not a well-known event, but close to "consent_withdrawn"',
        hint: expect.any(String),
      },
    ]);
    expect(load(text).policy).not.toBeNull();
  });

  it('of another name in the same policy', () => {
    const text = policy(`  - id: incidents
    match: { category: [incident] }
    basis: contract
    retain: { from: incident_reported, for: P3Y }
  - id: incident-photos
    match: { category: [incident-photo] }
    basis: contract
    retain: { from: incident_reportd, for: P3Y }
`);
    expect(warningsOf(text)).toEqual([
      {
        line: 12,
        col: 21,
        message: 'event "incident_reportd" in rule "incident-photos" is very close to "incident_reported" (line 8)',
        hint: expect.any(String),
      },
    ]);
  });

  it('says nothing about well-known names and distinct ones (the DESIGN example, two clearly different events)', () => {
    expect(warningsOf(DESIGN_EXAMPLE).map((w) => w.message)).toEqual(['rule "comments" has no basis']);
    const text = policy(`  - id: a
    match: { category: [a] }
    basis: contract
    retain: { from: complaint_closed, for: P3Y }
  - id: b
    match: { category: [b] }
    basis: contract
    retain: { from: claim_settled, for: P3Y }
`);
    expect(warningsOf(text)).toEqual([]);
  });
});
