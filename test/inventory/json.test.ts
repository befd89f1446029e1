import { beforeAll, describe, expect, test } from 'vitest';
import { readAllInventory } from '../../src/inventory/read.js';
import { makeInventoryDir, readFailure, writeInventory } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await makeInventoryDir();
});

const flagNames = new Set(['held']);

const CSV = [
  'id,subject,category,created,location,service_ended,consent_given,held',
  'r1,s1,"care-plan, old",2019-04-01,casefiles:a.pdf,2021-05-06,,yes',
  'r2,,health,,,,2020-01-01T09:30:00+01:00,',
].join('\r\n');

const RECORDS = [
  {
    id: 'r1',
    subject: 's1',
    category: 'care-plan, old',
    created: '2019-04-01',
    location: 'casefiles:a.pdf',
    events: { service_ended: '2021-05-06', consent_given: null },
    flags: { held: true },
  },
  { id: 'r2', subject: null, category: 'health', created: null, location: null, events: { consent_given: '2020-01-01T09:30:00+01:00' } },
];

describe('JSON inventories', () => {
  test('a JSON array, JSON Lines and the same CSV give identical records', async () => {
    const fromCsv = await readAllInventory(await writeInventory(dir, 'same.csv', CSV), { flagNames });
    const fromArray = await readAllInventory(await writeInventory(dir, 'same.json', JSON.stringify(RECORDS, null, 2)), { flagNames });
    const lines = `\uFEFF${RECORDS.map((r) => JSON.stringify(r)).join('\r\n\r\n')}\r\n`;
    const fromLines = await readAllInventory(await writeInventory(dir, 'same.jsonl', lines), { flagNames });
    expect(fromCsv).toHaveLength(2);
    expect(fromArray).toEqual(fromCsv);
    expect(fromLines).toEqual(fromCsv);
    expect(fromCsv[1]).toEqual({
      id: 'r2',
      subject: null,
      category: 'health',
      created: null,
      location: null,
      events: { consent_given: '2020-01-01T09:30:00+01:00' },
      flags: {},
    });
  });

  test('strings holding brackets, quotes and escapes do not confuse the array reader', async () => {
    const tricky = [
      { id: 'a]}{["\\', category: 'x' },
      { id: 'b', category: '"}' },
    ];
    const records = await readAllInventory(await writeInventory(dir, 'tricky.json', JSON.stringify(tricky)), { flagNames });
    expect(records.map((r) => [r.id, r.category])).toEqual([
      ['a]}{["\\', 'x'],
      ['b', '"}'],
    ]);
  });

  test('an empty array is an empty inventory', async () => {
    expect(await readAllInventory(await writeInventory(dir, 'empty.json', ' [ ]\n'), { flagNames })).toEqual([]);
  });
});

describe('JSON inventory errors name the file, the line and the column where known', () => {
  async function problemIn(name: string, content: string) {
    const error = await readFailure(await writeInventory(dir, name, content), flagNames);
    expect(error.problems).toHaveLength(1);
    return error.problems[0]!;
  }

  test('invalid JSON on a JSON Lines line', async () => {
    const problem = await problemIn('bad.jsonl', '{"id":"a","category":"x"}\n{"id":"b" "category":"x"}\n');
    expect(problem).toMatchObject({ line: 2, col: 11, message: expect.stringMatching(/^invalid JSON: /) });
  });

  test('invalid JSON inside an array element reports the line inside the element', async () => {
    const problem = await problemIn(
      'bad.json',
      '[\n  {"id": "a", "category": "x"},\n  {\n    "id": "b",\n    "category": "x" "created": null\n  }\n]',
    );
    expect(problem).toMatchObject({ line: 5, col: 21, message: expect.stringMatching(/^invalid JSON: /) });
  });

  test('an impossible date is reported on the line where its element starts', async () => {
    const content = JSON.stringify(
      [
        { id: 'a', category: 'x' },
        { id: 'b', category: 'x', events: { service_ended: '2023-02-30' } },
      ],
      null,
      2,
    );
    const problem = await problemIn('date.json', content);
    expect(problem).toMatchObject({ line: 6, message: 'service_ended "2023-02-30" is not a date' });
  });

  test.each([
    ['trailing comma', '[{"id":"a","category":"x"},\n]', 2, 'a "," before "]" is not allowed in JSON'],
    ['missing comma', '[{"id":"a","category":"x"}\n {"id":"b","category":"x"}]', 2, 'expected "," or "]" after a record'],
    ['element that is not an object', '[{"id":"a","category":"x"},\n "b"]', 2, 'each element of the array must be a record object {…}'],
    ['not an array', '\n\n{"id":"a"}', 3, 'a JSON inventory must be an array of records [ {…}, {…} ]'],
    ['unclosed record', '[\n{"id":"a","category":"x"},\n{"id":"b",', 3, 'this record is not closed before the end of the file'],
    ['unclosed array', '[\n{"id":"a","category":"x"}\n', 3, 'the array is not closed with "]" before the end of the file'],
    ['text after the array', '[]\n]', 2, 'unexpected text after the end of the array'],
  ])('%s', async (_case, content, line, message) => {
    expect(await problemIn('shape.json', content)).toMatchObject({ line, message });
  });

  test.each([
    ['unknown field', { id: 'a', category: 'x', evnts: {} }, 'unknown field "evnts"'],
    ['id that is not a string', { id: 7, category: 'x' }, '"id" must be a string, not number 7'],
    ['missing category', { id: 'a' }, 'missing field "category"'],
    [
      'event that is not a date text',
      { id: 'a', category: 'x', events: { ended: true } },
      'event ended must be a date text or null, not boolean true',
    ],
    ['flag that is not a boolean', { id: 'a', category: 'x', flags: { held: 'yes' } }, 'flag held must be true or false, not "yes"'],
    [
      'event name that is not plain',
      { id: 'a', category: 'x', events: { 'service ended': '2020-01-01' } },
      'events name "service ended" is not valid',
    ],
    [
      '__proto__ as an event name',
      { id: 'a', category: 'x', events: JSON.parse('{"__proto__":"2020-01-01"}') },
      'events name "__proto__" is not valid',
    ],
  ])('%s', async (_case, record, message) => {
    const content = `{"id":"ok","category":"x"}\n${JSON.stringify(record)}\n`;
    expect(await problemIn('record.jsonl', content)).toMatchObject({ line: 2, message });
  });

  test('a duplicate id across JSON Lines names the first line', async () => {
    const problem = await problemIn('dup.ndjson', '{"id":"a","category":"x"}\n\n{"id":"a","category":"y"}\n');
    expect(problem).toMatchObject({ line: 3, message: 'duplicate id "a", first seen on line 1' });
  });
});
