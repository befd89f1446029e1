import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS, writeAuditExport } from '../../src/audit/export.js';
import { record, tempStore, type TempStore } from '../store/helpers.js';

// The auditor's own tools: node:crypto and a JCS library, nothing from src/audit.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string;

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
  await t.store.importRecords([record('R-1'), record('R-2')], { actor: 'admin' });
  await t.store.addHold({ scope: 'subject', ref: 'S-1', reason: 'claim', until: '2026-01-01' }, { actor: 'dpo' });
  await t.store.recordIntents([{ record: record('R-1'), rule: 'r', target: 'casefiles' }], {
    actor: 'cron',
    run: 'run-1',
    policySha256: null,
  });
});
afterEach(() => t.cleanup());

async function exportAs(format: 'jsonl' | 'csv'): Promise<string> {
  let out = '';
  await writeAuditExport(t.store.auditEntries(), format, (chunk) => {
    out += chunk;
  });
  return out;
}

describe('audit export', () => {
  it('JSON Lines lets anyone recompute the chain with node:crypto and canonicalize', async () => {
    const lines = (await exportAs('jsonl')).split('\n');
    expect(lines.pop()).toBe('');
    let prev = '0'.repeat(64);
    lines.forEach((line, i) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const { hash, ...rest } = entry;
      expect(rest.seq).toBe(i + 1);
      expect(rest.prev).toBe(prev);
      expect(createHash('sha256').update(canonicalize(rest), 'utf8').digest('hex')).toBe(hash);
      expect(line).toBe(canonicalize(entry));
      prev = hash as string;
    });
    expect(lines).toHaveLength(3);
    expect(prev).toBe((await t.store.auditHead())?.hash);
  });

  it('CSV has a header row, empty fields for null and detail as canonical JSON', async () => {
    const rows = parse<Record<string, string>>(await exportAs('csv'), { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows.map((r) => r.action)).toEqual(['import', 'hold', 'intent']);
    expect(rows[1]).toMatchObject({
      seq: '2',
      run: '',
      subject: 'S-1',
      detail: '{"hold":"H-1","ref":"S-1","scope":"subject","until":"2026-01-01"}',
    });
  });
});
