import { describe, expect, it } from 'vitest';
import { OwnFiles } from '../../src/targets/own-files.js';
import { manualTargetType } from '../../src/targets/manual.js';

describe('manual target', () => {
  it('puts every ref on the destruction worklist and never claims to know whether it exists', async () => {
    const target = await manualTargetType.open('paper', { type: 'manual' }, '/', OwnFiles.NONE);
    expect(await target.deleteBatch(['box-4/file-12', 'box-5'])).toEqual([
      { ref: 'box-4/file-12', outcome: 'manual' },
      { ref: 'box-5', outcome: 'manual' },
    ]);
    expect(await target.exists('box-5')).toBe('unknown');
    expect(await target.check()).toEqual([]);
    expect(target).toMatchObject({ name: 'paper', type: 'manual' });
  });
});
