/** The policy-versions part of the store contract: which applied version a new one replaces, and its kept text. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { contractStore, describeEachStore, type ContractStore } from './store-kinds.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describeEachStore('policy versions', (kind) => {
  let t: ContractStore;
  beforeEach(async () => {
    t = await contractStore(kind);
  });
  afterEach(() => t.cleanup());

  const applyRun = (run: string, policySha256: string) =>
    t.store.startRun({ kind: 'apply', detail: {} }, { actor: 'cron', run, policySha256 });

  it('names the version the last apply ran under until the change to the new one is logged', async () => {
    expect(await t.store.unloggedPolicyChange(A)).toBeNull();
    await applyRun('run-1', A);
    expect(await t.store.unloggedPolicyChange(A)).toBeNull();
    expect(await t.store.unloggedPolicyChange(B)).toEqual({ previousSha256: A, previousText: null });

    await t.store.keepPolicyText(A, 'version: 1\n');
    await t.store.keepPolicyText(A, 'ignored: a version keeps its first text\n');
    expect(await t.store.unloggedPolicyChange(B)).toEqual({ previousSha256: A, previousText: 'version: 1\n' });

    // A run under B that crashed before logging leaves the change unlogged.
    await applyRun('run-2', B);
    expect(await t.store.unloggedPolicyChange(B)).toMatchObject({ previousSha256: A });
    await t.store.appendAudit([
      { actor: 'cron', action: 'policy-changed', run: 'run-3', policySha256: B, detail: { oldSha256: A, newSha256: B } },
    ]);
    expect(await t.store.unloggedPolicyChange(B)).toBeNull();
    // Back to A: a change again, from B.
    expect(await t.store.unloggedPolicyChange(A)).toEqual({ previousSha256: B, previousText: null });
  });
});
