import { describe, expect, it } from 'vitest';
import { describeRule } from '../../src/policy/describe.js';
import { humaniseDuration } from '../../src/policy/durations.js';
import { fixtureText } from '../fixtures.js';
import { DESIGN_EXAMPLE, load } from './helpers.js';

const fixture = (name: string) => fixtureText('policy', 'describe', `${name}.yaml`);

describe('describeRule', () => {
  const rules = load(DESIGN_EXAMPLE).policy!.rules;
  const sentence = (id: string) => describeRule(rules.find((r) => r.id === id)!);

  it('prints each rule of the DESIGN example back as English', () => {
    expect(sentence('care-records')).toBe(
      'keeps care-plan, health, finance, incident records until 6 years after service_ended; needs approval',
    );
    expect(sentence('voluntary-material')).toBe(
      'keeps storyboard, photograph records until 3 years after consent_given; erased on consent_withdrawn; ' +
        'reviewed every 1 year after consent_confirmed or consent_given; needs approval',
    );
    expect(sentence('lpa-notes')).toBe(
      'keeps lpa-capacity-notes records until lpa_registered; held while objection_possible; ' +
        'reviewed if lpa_registered has not happened 12 months after the record was created; needs approval',
    );
    expect(sentence('comments')).toBe('keeps web-comment records indefinitely; needs approval');
  });

  it('mentions the cutoff and automatic approval', () => {
    const [rule] = load(fixture('cutoff-and-automatic-approval')).policy!.rules;
    expect(describeRule(rule!)).toBe(
      'keeps care-plan, health records until 1 year 6 months after service_ended (end of financial year); ' +
        'erased on consent_withdrawn or erasure_requested; held while objection_possible or complaint_open; deleted without approval',
    );
  });
});

describe('humaniseDuration', () => {
  it.each([
    ['P6Y', '6 years'],
    ['P18M', '18 months'],
    ['P1Y6M', '1 year 6 months'],
    ['P1Y0M', '1 year'],
    ['P0D', '0 days'],
    ['P2W', '2 weeks'],
  ])('%s → %s', (iso, words) => {
    expect(humaniseDuration(iso)).toBe(words);
  });
});
