import { describe, expect, it } from 'vitest';
import { durationProblem } from '../../src/policy/durations.js';
import { closestWord } from '../../src/yaml/did-you-mean.js';

describe('durationProblem', () => {
  it.each(['P6Y', 'P18M', 'P1Y6M', 'P30D', 'P2W'])('accepts %s', (text) => {
    expect(durationProblem(text, { allowZero: false })).toBeNull();
  });

  it('allows zero only where asked', () => {
    expect(durationProblem('P0D', { allowZero: true })).toBeNull();
    expect(durationProblem('P0D', { allowZero: false })).toBe('must be longer than zero');
  });

  it.each([
    ['6 years', 'is not an ISO 8601 duration'],
    ['P', 'is not an ISO 8601 duration'],
    ['PT', 'is not an ISO 8601 duration'],
    ['PT36H', 'must be in years, months, weeks or days'],
    ['P1.5Y', 'must use whole numbers'],
    ['P-1Y', 'must not be negative'],
  ])('rejects %s', (text, problem) => {
    expect(durationProblem(text, { allowZero: true })).toBe(problem);
  });
});

describe('closestWord', () => {
  const keys = ['id', 'title', 'source', 'match', 'basis', 'retain', 'erase_on', 'hold_while', 'review', 'approval'];
  it('suggests the key a typo was meant to be', () => {
    expect(closestWord('retian', keys)).toBe('retain');
    expect(closestWord('erase-on', keys)).toBe('erase_on');
    expect(closestWord('Basis', keys)).toBe('basis');
  });
  it('suggests nothing for an unrelated word', () => {
    expect(closestWord('colour', keys)).toBeNull();
  });
});
