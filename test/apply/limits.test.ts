/** The safety limits refuse a whole run with a code and the numbers it is about (issue 9.2), not only a sentence. */
import { describe, expect, it } from 'vitest';
import { checkLimits } from '../../src/apply/limits.js';
import { EXIT, RetentionError } from '../../src/errors.js';

function refusal(run: () => void): RetentionError {
  try {
    run();
  } catch (error) {
    if (error instanceof RetentionError) return error;
    throw error;
  }
  throw new Error('the run was not refused');
}

describe('checkLimits', () => {
  it('lets a plan within both limits run', () => {
    expect(() =>
      checkLimits(2, 100, { maxDeletions: { value: 2, setBy: '--max-deletions' }, maxPercent: { value: 2, setBy: '--max-percent' } }),
    ).not.toThrow();
  });

  it('refuses a plan over --max-deletions, saying by how much', () => {
    const error = refusal(() => checkLimits(5, 100, { maxDeletions: { value: 3, setBy: '--max-deletions' }, maxPercent: null }));
    expect(error).toMatchObject({
      code: 'apply.limit.max-deletions',
      exitCode: EXIT.safetyLimit,
      data: { planned: 5, live: 100, percent: 5, exceeded: [{ limit: 'max-deletions', value: 3, setBy: '--max-deletions' }] },
    });
  });

  it("refuses a plan over the config's maxPercent, naming the setting", () => {
    const setBy = 'limits.maxPercent in retention.config.yaml';
    const error = refusal(() => checkLimits(2, 3, { maxDeletions: null, maxPercent: { value: 10, setBy } }));
    expect(error).toMatchObject({
      code: 'apply.limit.max-percent',
      data: { planned: 2, live: 3, percent: 66.7, exceeded: [{ limit: 'max-percent', value: 10, setBy }] },
    });
  });

  it('names both limits when both are exceeded; the code is the first', () => {
    const error = refusal(() =>
      checkLimits(50, 100, { maxDeletions: { value: 10, setBy: '--max-deletions' }, maxPercent: { value: 5, setBy: '--max-percent' } }),
    );
    expect(error.code).toBe('apply.limit.max-deletions');
    expect(error.data.exceeded).toEqual([
      { limit: 'max-deletions', value: 10, setBy: '--max-deletions' },
      { limit: 'max-percent', value: 5, setBy: '--max-percent' },
    ]);
  });
});
