/** The names a policy uses, and the events a store may record (DESIGN §2, issue 9.1). */
import { describe, expect, it } from 'vitest';
import { checkEventToRecord, flagNamesOf, policyEventNames } from '../../src/policy/names.js';
import { policy, retainFrom, rule } from '../engine/builders.js';

const POLICY = policy([
  rule('cases', { retain: retainFrom('ended', 'P6Y'), eraseOn: ['consent_withdrawn'], holdWhile: ['objection_possible'] }),
  rule('lpa', { review: { every: null, from: ['lpa_registered'], ifNoEventAfter: null }, holdWhile: ['objection_possible', 'appeal'] }),
]);

describe('the names of a policy', () => {
  it('events: triggers, erase_on and review.from', () => {
    expect([...policyEventNames(POLICY)].sort()).toEqual(['consent_withdrawn', 'ended', 'lpa_registered', 'service_ended']);
  });

  it('flags: the hold_while names, once each', () => {
    expect([...flagNamesOf(POLICY)]).toEqual(['objection_possible', 'appeal']);
  });
});

describe('checkEventToRecord', () => {
  it('accepts an event a rule uses, and a well-known one', () => {
    expect(() => checkEventToRecord('ended', POLICY)).not.toThrow();
    expect(() => checkEventToRecord('erasure_requested', null)).not.toThrow();
  });

  it('refuses a name that is not an identifier', () => {
    expect(() => checkEventToRecord('service ended', POLICY)).toThrow(
      expect.objectContaining({ code: 'event.bad-name', data: { event: 'service ended' } }),
    );
  });

  it('refuses an unknown event, with its best guess and the known ones as data', () => {
    expect(() => checkEventToRecord('erasure_requestd', POLICY)).toThrow(
      expect.objectContaining({
        code: 'event.unknown-name',
        data: expect.objectContaining({ event: 'erasure_requestd', guess: 'erasure_requested', known: expect.arrayContaining(['ended']) }),
      }),
    );
  });

  it('without a policy, knows only the well-known events', () => {
    expect(() => checkEventToRecord('ended', null)).toThrow(expect.objectContaining({ code: 'event.unknown-name' }));
  });
});
