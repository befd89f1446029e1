/**
 * `audit verify` tells three things apart: a sound log, damage or tampering (a finding,
 * exit 1), and a bug in the tool (thrown on, exit 70) — never a bug reported as tampering.
 */
import { describe, expect, it } from 'vitest';
import { damagedStoreVerdict, verified, verifyStore } from '../../src/audit/verify-store.js';
import { RetentionError } from '../../src/errors.js';
import { damagedStore } from '../../src/store/sqlite-errors.js';
import type { AuditEntry } from '../../src/audit-entry.js';

const FILE = '/srv/retention/retention.db';

/** A store whose log yields nothing and then fails with `error`. */
function failingLog(error: Error, integrity: () => Promise<string[]> = async () => []) {
  return {
    integrityCheck: integrity,
    tablesAgainstLog: async () => [],
    roleWarnings: async () => [],
    // eslint-disable-next-line require-yield -- a log that fails before its first entry
    auditEntries: async function* (): AsyncIterable<AuditEntry> {
      throw error;
    },
  };
}

describe('verifyStore', () => {
  it('throws a bug on instead of calling it tampering', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'hash')");
    await expect(verifyStore(failingLog(bug), null)).rejects.toBe(bug);
    await expect(
      verifyStore(
        failingLog(new Error('x'), () => Promise.reject(bug)),
        null,
      ),
    ).rejects.toBe(bug);
  });

  it('reports damage met while reading the log as the first entry that cannot be read back', async () => {
    const verdict = await verifyStore(failingLog(damagedStore(FILE, 'database disk image is malformed (SQLITE_CORRUPT)')), null);
    expect(verdict.firstBad).toMatchObject({
      seq: 1,
      problem: expect.stringContaining(`cannot be read back: ${FILE}: database disk image is malformed`),
    });
  });

  it('reports damage that stops the integrity check itself as its finding', async () => {
    const damage = damagedStore(FILE, 'database disk image is malformed (SQLITE_CORRUPT)');
    const verdict = await verifyStore(
      {
        integrityCheck: () => Promise.reject(damage),
        roleWarnings: async () => [],
        tablesAgainstLog: async () => [],
        auditEntries: async function* () {},
      },
      null,
    );
    expect(verdict.integrityProblems).toEqual([`${FILE}: database disk image is malformed (SQLITE_CORRUPT) [store.damaged]`]);
    expect(verdict.firstBad).toBeNull();
  });
});

describe('damagedStoreVerdict (a store that cannot even be opened)', () => {
  it('names the damage as the finding', () => {
    const verdict = damagedStoreVerdict(damagedStore(FILE, 'file is not a database (SQLITE_NOTADB)'));
    expect(verdict).toMatchObject({
      checked: 0,
      firstBad: null,
      integrityProblems: [expect.stringContaining(`${FILE}: file is not a database`)],
    });
    expect(verified(verdict)).toBe(false);
  });

  it('throws anything else on: a missing store stays exit 2, a bug stays a bug', () => {
    const missing = new RetentionError('store.missing', `no store at ${FILE}`);
    expect(() => damagedStoreVerdict(missing)).toThrow(missing);
    const bug = new TypeError("Cannot read properties of undefined (reading 'seq')");
    expect(() => damagedStoreVerdict(bug)).toThrow(bug);
  });
});
