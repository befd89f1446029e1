/**
 * An import into the PostgreSQL store writes each record's COPY line directly (recordLine), not
 * through an array of its values (copyLine over recordContent): the text must be the same, byte
 * for byte, whatever the record holds — backslashes, tabs, newlines, carriage returns, any
 * Unicode — or a record would be stored other than it was listed. And what is stored reads back
 * as it was listed (event and flag names are checked identifiers), on both ways in (a new store, and the staging table of a later import).
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InventoryRecord } from '../../src/engine/types.js';
import { createStore, withStore } from '../../src/store/index.js';
import { batchBytes, copyLine } from '../../src/store/postgres-copy-in.js';
import { recordLine } from '../../src/store/postgres-inventory.js';
import { recordContent } from '../../src/store/rows/records.js';
import { describePostgres, freshSchema, type TestLocation } from '../postgres/databases.js';

// The characters COPY's text format escapes, among any others.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', 'N', 'a', '"', 'é', '\u2028') }),
);
const inventoryRecord: fc.Arbitrary<InventoryRecord> = fc.record({
  id: text,
  subject: fc.option(text),
  category: text,
  created: fc.option(text),
  location: fc.option(text),
  events: fc.dictionary(text, text),
  flags: fc.dictionary(text, fc.boolean()),
});

describe("a record's COPY line", () => {
  it('is the line of its values, with or without the import time', () => {
    fc.assert(
      fc.property(inventoryRecord, fc.option(text, { nil: undefined }), (record, importedAt) => {
        const values = importedAt === undefined ? recordContent(record) : [...recordContent(record), importedAt];
        expect(recordLine(importedAt)(record)).toBe(copyLine(values));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("a batch's COPY bytes", () => {
  // Any code unit, lone surrogates too, and lines long enough to outgrow the first buffer.
  const anyText = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc
      .tuple(fc.string({ unit: 'binary', minLength: 1 }), fc.integer({ min: 5_000, max: 60_000 }))
      .map(([text, times]) => text.repeat(times)),
  );

  it("are its lines' UTF-8, one after another, whatever the lines hold and however long they are", () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 12 }), (texts) => {
        const line = (text: string) => `${text}\n`;
        expect(batchBytes(texts, line).equals(Buffer.from(texts.map(line).join('')))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describePostgres('records with the characters COPY escapes', () => {
  let place: TestLocation;
  beforeEach(async () => {
    place = await freshSchema();
  });
  afterEach(() => place.drop());

  const odd = (id: string, n: number): InventoryRecord => ({
    id,
    subject: n % 2 === 0 ? null : 'S-\\N\t1',
    category: 'care\\plan',
    created: '2019-01-10',
    location: `casefiles:C:\\Users\\x\\${id}\r\n.pdf`,
    events: { service_ended: '2020-01-01' },
    flags: { objection: true },
  });

  it('are stored as listed, by the first import and by a later one', async () => {
    const first = [odd('R\\1', 1), odd('R\t2', 2)];
    await createStore(place.url, (store) => store.importRecords(first, { actor: 'admin' }));
    const later = [odd('R\\1', 1), odd('R\n3', 3)];
    await withStore(place.url, { use: 'write' }, (store) => store.importRecords(later, { actor: 'admin' }));
    await withStore(place.url, { use: 'read' }, async (store) => {
      for (const record of [...first, later[1]!]) expect((await store.getFacts(record.id))?.record).toEqual(record);
    });
  });
});
