import { describe, expect, it } from 'vitest';
import { addToSummary, emptySummary } from '../../src/planner/summary.js';
import { decision } from '../render/decisions.js';

describe('plan summary', () => {
  it('counts rules whose ids are names of JavaScript objects like any other, touching nothing global', () => {
    const summary = emptySummary();
    for (const rule of ['constructor', 'toString', 'valueOf', 'constructor'])
      addToSummary(summary, decision({ rule, status: 'due' }), false);
    expect(JSON.parse(JSON.stringify(summary.byRule))).toEqual({ constructor: { due: 2 }, toString: { due: 1 }, valueOf: { due: 1 } });
    expect(Object.keys(summary.byRule)).toEqual(['constructor', 'toString', 'valueOf']);
    expect(Object.hasOwn(Object, 'due')).toBe(false);
    expect(Object.prototype.toString.call({})).toBe('[object Object]');
  });
});
