import { beforeAll, describe, expect, test } from 'vitest';
import { readAllInventory } from '../../src/inventory/read.js';
import { makeInventoryDir, NO_FLAGS, readBatches, readFailure, writeInventory } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await makeInventoryDir();
});

const HEADER = 'id,subject,category,created,location';

describe('CSV inventory', () => {
  test('reads a BOM, CRLF line ends and a quoted field holding a comma', async () => {
    const path = await writeInventory(
      dir,
      'bom.csv',
      `\uFEFF${HEADER}\r\nr1,s1,"care-plan, old style",2019-04-01,"casefiles:a,b.pdf"\r\nr2,,health,,\r\n`,
    );
    expect(await readAllInventory(path, { flagNames: NO_FLAGS })).toEqual([
      {
        id: 'r1',
        subject: 's1',
        category: 'care-plan, old style',
        created: '2019-04-01',
        location: 'casefiles:a,b.pdf',
        events: {},
        flags: {},
      },
      { id: 'r2', subject: null, category: 'health', created: null, location: null, events: {}, flags: {} },
    ]);
  });

  test('extra columns are events, or flags when named in flagNames; empty cells are left out', async () => {
    const path = await writeInventory(
      dir,
      'events.csv',
      [
        `${HEADER},service_ended,consent_given,objection_possible`,
        'r1,s1,health,2019-04-01,,2021-05-06,,YES',
        'r2,s1,health,2019-04-01,,,2020-01-01T09:30:00Z,n',
        'r3,s2,health,2019-04-01,,,,',
      ].join('\n'),
    );
    const records = await readAllInventory(path, { flagNames: new Set(['objection_possible']) });
    expect(records.map((r) => [r.events, r.flags])).toEqual([
      [{ service_ended: '2021-05-06' }, { objection_possible: true }],
      [{ consent_given: '2020-01-01T09:30:00Z' }, { objection_possible: false }],
      [{}, {}],
    ]);
  });

  test('every flag spelling is understood, in any case', async () => {
    const values = ['true', 'False', 'YES', 'no', '1', '0', 'y', 'N'];
    const rows = values.map((v, i) => `r${i},,health,,,${v}`);
    const path = await writeInventory(dir, 'flags.csv', [`${HEADER},held`, ...rows].join('\n'));
    const records = await readAllInventory(path, { flagNames: new Set(['held']) });
    expect(records.map((r) => r.flags.held)).toEqual([true, false, true, false, true, false, true, false]);
  });

  test('a header with no rows is an empty inventory', async () => {
    const path = await writeInventory(dir, 'header-only.csv', `${HEADER},service_ended\n`);
    const batches = [];
    for await (const batch of readBatches(path, { flagNames: NO_FLAGS })) batches.push(batch);
    expect(batches).toEqual([]);
  });

  test('blank lines are skipped and later lines keep their real numbers', async () => {
    const path = await writeInventory(dir, 'blank-lines.csv', [HEADER, 'r1,,health,,', '', '', 'r2,,health,2023-02-30,'].join('\n'));
    expect((await readFailure(path)).message).toMatch(/blank-lines\.csv:5: created "2023-02-30" is not a date/);
  });
});
