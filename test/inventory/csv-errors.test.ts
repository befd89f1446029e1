import { beforeAll, describe, expect, test } from 'vitest';
import { makeInventoryDir, readFailure, writeInventory } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await makeInventoryDir();
});

const HEADER = 'id,subject,category,created,location';

/** The one problem of a failed read of `lines` written as `name`. */
async function problemIn(name: string, lines: string[], flagNames: ReadonlySet<string> = new Set()) {
  const path = await writeInventory(dir, name, lines.join('\n'));
  const error = await readFailure(path, flagNames);
  expect(error.problems).toHaveLength(1);
  return { path, error, problem: error.problems[0]! };
}

describe('CSV inventory errors name the file and the line', () => {
  test('an impossible event date on the 4th line', async () => {
    const { path, error, problem } = await problemIn('inv.csv', [
      `${HEADER},service_ended`,
      'r1,s,health,2019-01-01,,2021-01-01',
      'r2,s,health,2019-01-01,,',
      'r3,s,health,2019-01-01,,2023-02-30',
    ]);
    expect(error.message).toBe(
      `${path}:4: service_ended "2023-02-30" is not a date [inventory.bad-date]\n  hint: use YYYY-MM-DD or an ISO 8601 timestamp`,
    );
    expect(problem).toMatchObject({ file: path, line: 4 });
  });

  test.each([['2023-1-05'], ['05/01/2023'], ['2023-02-29T10:00:00Z'], ['2023-01-05T25:00'], ['2023-01-05 10:00'], ['yes']])(
    '%s is not a date',
    async (text) => {
      const { problem } = await problemIn('not-a-date.csv', [HEADER, `r1,s,health,${text},`]);
      expect(problem).toMatchObject({ line: 2, message: `created "${text}" is not a date` });
    },
  );

  test('a duplicate id names the line of the first occurrence', async () => {
    const { problem } = await problemIn('dup.csv', [HEADER, 'a,,health,,', 'b,,health,,', 'a,,health,,']);
    expect(problem).toMatchObject({ line: 4, message: 'duplicate id "a", first seen on line 2' });
  });

  test('lines stay exact after blank lines; a record spanning several lines is reported where it starts', async () => {
    // A line break inside a value is a hidden character (issue C7): the record is bad input at its first line.
    const lines = [HEADER, 'a,,health,,', '', '', 'b,,health,,', 'c,"x', '', 'y",health,,'];
    const multiline = await problemIn('multiline.csv', lines);
    expect(multiline.problem).toMatchObject({
      line: 6,
      code: 'inventory.invisible-character',
      message: expect.stringMatching(/^subject "x\\n\\ny" holds U\+000A/),
    });
    const duplicate = await problemIn('dup-blank.csv', [...lines.slice(0, -3), '', 'a,,health,,']);
    expect(duplicate.problem).toMatchObject({ line: 7, message: 'duplicate id "a", first seen on line 2' });
    const tooMany = await problemIn('fields-blank.csv', [...lines.slice(0, -3), '', 'd,,health,,,extra']);
    expect(tooMany.problem).toMatchObject({ line: 7, message: 'the record has 6 fields but the header has 5' });
  });

  test('a missing required column is reported on line 1', async () => {
    const { problem } = await problemIn('no-category.csv', ['id,subject,created,location', 'a,,,']);
    expect(problem).toMatchObject({
      line: 1,
      message: 'missing required column "category" — the header must start with id,subject,category,created,location',
    });
  });

  test('standard columns out of order are reported on line 1', async () => {
    const { problem } = await problemIn('order.csv', ['id,category,subject,created,location', 'a,health,,,']);
    expect(problem).toMatchObject({ line: 1, message: expect.stringMatching(/^column "subject" is out of place/) });
  });

  test('an event column that is not a plain name, or a repeated column, is reported on line 1', async () => {
    const spaced = await problemIn('spaced.csv', [`${HEADER},service ended`, 'a,,health,,,']);
    expect(spaced.problem).toMatchObject({ line: 1, message: 'column name "service ended" is not a valid event or flag name' });
    const twice = await problemIn('twice.csv', [`${HEADER},ended,ended`, 'a,,health,,,,']);
    expect(twice.problem).toMatchObject({ line: 1, message: 'column "ended" appears twice' });
  });

  test('an empty id or category is reported on its line', async () => {
    const id = await problemIn('empty-id.csv', [HEADER, 'a,,health,,', ',,health,,']);
    expect(id.problem).toMatchObject({ line: 3, message: 'id is empty' });
    const category = await problemIn('empty-category.csv', [HEADER, 'a,,,,']);
    expect(category.problem).toMatchObject({ line: 2, message: 'category is empty' });
  });

  test('an unclosed quote is reported on the line where its record starts', async () => {
    const { error, path } = await problemIn('quote.csv', [HEADER, 'a,,health,,', 'b,"open,health,,', 'c,,health,,']);
    expect(error.message.startsWith(`${path}:3: a quoted field is not closed`)).toBe(true);
  });

  test('a quote inside an unquoted field names the column', async () => {
    const { problem } = await problemIn('stray-quote.csv', [HEADER, 'a,x"y,health,,']);
    expect(problem).toMatchObject({ line: 2, message: 'a quote is out of place in column "subject"' });
  });

  test('a record with the wrong number of fields is reported on its line', async () => {
    const { problem } = await problemIn('fields.csv', [HEADER, 'a,,health,,', 'b,,health,,,extra']);
    expect(problem).toMatchObject({ line: 3, message: 'the record has 6 fields but the header has 5' });
  });

  test('a flag that is not yes/no is reported with its column name', async () => {
    const { problem } = await problemIn('flag.csv', [`${HEADER},held`, 'a,,health,,,maybe'], new Set(['held']));
    expect(problem).toMatchObject({ line: 2, message: 'held "maybe" is not a yes/no flag' });
  });

  test('an empty file says what the header must be', async () => {
    const { problem } = await problemIn('empty.csv', ['']);
    expect(problem).toMatchObject({ line: 1, message: expect.stringMatching(/^the file is empty — the header must start with id,/) });
  });

  test('a missing file or a folder is an input error with a hint', async () => {
    const missing = await readFailure(`${dir}/nowhere.csv`);
    expect(missing.problems[0]).toMatchObject({ file: `${dir}/nowhere.csv`, line: null, message: 'no such file' });
    expect(missing.problems[0]!.hint).toBeTruthy();
    const folder = await readFailure(dir);
    expect(folder.problems[0]).toMatchObject({ file: dir, message: 'is a folder, not an inventory file' });
  });
});
