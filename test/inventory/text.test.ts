/**
 * Text that would not read back as written (issue 8.6): a lone surrogate in a JSON string, or
 * bytes that are not UTF-8 in any file, is bad input at its line — never a record whose id
 * the store keeps as other bytes. Also timestamps whose offset moves the day (issue 8.16).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readAllInventory } from '../../src/inventory/read.js';
import { makeInventoryDir, readFailure, writeInventory } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await makeInventoryDir();
});

const flagNames = new Set(['held']);
const GOOD = {
  id: 'r1',
  subject: 's1',
  category: 'health',
  created: '2019-04-01',
  location: 'casefiles:a.pdf',
  events: { service_ended: '2021-05-06' },
  flags: { held: false },
};
const LONE = '\ud800';

/** A JSON Lines file whose third line is `bad` (written with JSON.stringify, so a lone surrogate becomes `\ud800`). */
async function jsonLinesWith(name: string, bad: unknown): Promise<string> {
  const lines = [{ ...GOOD, id: 'r0' }, { ...GOOD, id: 'r00' }, bad].map((r) => JSON.stringify(r));
  expect(lines.every((l) => l.isWellFormed())).toBe(true); // the file itself is valid UTF-8: only JSON escapes carry a lone surrogate
  return writeInventory(dir, name, `${lines.join('\n')}\n`);
}

describe('a lone surrogate in any field of a JSON inventory is bad input at its line', () => {
  test.each([
    ['id', { ...GOOD, id: `${LONE}X-1` }, /^id "\\ud800X-1" is not well-formed Unicode/],
    ['subject', { ...GOOD, subject: `S${LONE}` }, /^subject "S\\ud800" is not well-formed Unicode/],
    ['category', { ...GOOD, category: `health${LONE}` }, /^category .* is not well-formed Unicode/],
    ['location', { ...GOOD, location: `casefiles:${LONE}.pdf` }, /^location .* is not well-formed Unicode/],
    ['created', { ...GOOD, created: `2019-04-01${LONE}` }, /^created .* is not a date/],
    ['an event date', { ...GOOD, events: { service_ended: `${LONE}2021-05-06` } }, /^service_ended .* is not a date/],
    ['an event name', { ...GOOD, events: { [`ended${LONE}`]: '2021-05-06' } }, /^events name .* is not valid/],
    ['a flag name', { ...GOOD, flags: { [`held${LONE}`]: true } }, /^flags name .* is not valid/],
    ['a field name', { ...GOOD, [`id${LONE}`]: 'x' }, /^unknown field/],
  ])('%s', async (_, bad, says) => {
    const path = await jsonLinesWith('surrogate.jsonl', bad);
    const error = await readFailure(path, flagNames);
    expect(error.problems).toEqual([expect.objectContaining({ file: path, line: 3, message: expect.stringMatching(says) })]);
  });

  test('in a JSON array too, at the line where the record starts', async () => {
    const text = JSON.stringify([GOOD, { ...GOOD, id: `${LONE}X-1` }], null, 2);
    const path = await writeInventory(dir, 'surrogate.json', text);
    const line = text.split('\n').findIndex((l) => l.includes('\\ud800')); // 0-based "id" line = 1-based "{" line
    expect((await readFailure(path, flagNames)).problems).toEqual([
      expect.objectContaining({ line, message: expect.stringMatching(/^id "\\ud800X-1" is not well-formed/) }),
    ]);
  });

  test('a surrogate pair (an emoji) and other non-ASCII text are ordinary text', async () => {
    const record = { ...GOOD, id: 'r-\ud83d\ude00', subject: 'Zoë Ångström', location: 'casefiles:dossiers/été.pdf' };
    const path = await jsonLinesWith('emoji.jsonl', record);
    const records = await readAllInventory(path, { flagNames });
    expect(records[2]).toMatchObject({ id: 'r-😀', subject: 'Zoë Ångström', location: 'casefiles:dossiers/été.pdf' });
  });
});

describe('bytes that are not UTF-8 are bad input at their line, in every format', () => {
  const NOT_UTF8 = Buffer.from([0xe9]); // "é" in Windows-1252 / Latin-1

  async function fileWith(name: string, before: string, after: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, Buffer.concat([Buffer.from(before, 'utf8'), NOT_UTF8, Buffer.from(after, 'utf8')]));
    return path;
  }

  test.each([
    ['id', 'A', ',s,health,2019-01-01,x:a'],
    ['subject', 'A1,Zo', ',health,2019-01-01,x:a'],
    ['category', 'A1,s,sant', ',2019-01-01,x:a'],
    ['location', 'A1,s,health,2019-01-01,x:dossiers/', 't.pdf'],
  ])('CSV, in %s', async (field, before, after) => {
    const path = await fileWith(
      `latin1-${field}.csv`,
      `id,subject,category,created,location\nA0,s,health,2019-01-01,x:0\n${before}`,
      `${after}\n`,
    );
    const error = await readFailure(path);
    expect(error.problems).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(new RegExp(`^${field} .*U\\+FFFD.*not valid UTF-8`)) }),
    ]);
  });

  test('CSV, in an event date', async () => {
    const path = await fileWith(
      'latin1-event.csv',
      'id,subject,category,created,location,service_ended\nA1,s,health,2019-01-01,x:a,2021-01-0',
      '\n',
    );
    expect((await readFailure(path)).problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/^service_ended .* is not a date/) }),
    ]);
  });

  test('JSON Lines, in a subject', async () => {
    const path = await fileWith('latin1.jsonl', `${JSON.stringify(GOOD)}\n{"id":"r2","category":"health","subject":"Zo`, '"}\n');
    expect((await readFailure(path)).problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/^subject .*U\+FFFD/) }),
    ]);
  });

  test('a multi-byte character split across read chunks is not mistaken for bad bytes', async () => {
    // 64 KiB chunks: put a 3-byte character across the first boundary.
    const header = 'id,subject,category,created,location\n';
    const pad = 'p'.repeat(64 * 1024 - header.length - 'A1,'.length - 1);
    const path = await writeInventory(dir, 'split.csv', `${header}A1,${pad}€,health,,\n`);
    expect((await readAllInventory(path, { flagNames }))[0]?.subject).toBe(`${pad}€`);
  });
});

describe('a timestamp must be a moment that exists', () => {
  test.each([
    ['2020-01-01T00:00:00+24:00'],
    ['2020-01-01T00:00:00+15:00'],
    ['2020-01-01T00:00:00-13:00'],
    ['2020-01-01T00:00:00+99:99'],
    ['2020-01-01T24:00:00Z'],
    ['2020-01-01T00:00:00+05:60'],
  ])('%s is bad input, with its line', async (text) => {
    const path = await writeInventory(
      dir,
      'offset.csv',
      `id,subject,category,created,location,service_ended\nA1,s,health,2019-01-01,,2021-01-01\nA2,s,health,2019-01-01,,${text}\n`,
    );
    expect((await readFailure(path)).problems).toEqual([
      expect.objectContaining({ line: 3, message: `service_ended "${text}" is not a date` }),
    ]);
  });

  test.each([
    ['2020-01-01T00:00:00+14:00'],
    ['2020-01-01T00:00:00-12:00'],
    ['2020-01-01T09:30:00+05:30'],
    ['2020-01-01T09:30:00.123Z'],
    ['2020-01-01T09:30'],
  ])('%s is a timestamp', async (text) => {
    const path = await writeInventory(
      dir,
      'offset-ok.csv',
      `id,subject,category,created,location,service_ended\nA1,s,health,2019-01-01,,${text}\n`,
    );
    expect((await readAllInventory(path, { flagNames }))[0]?.events).toEqual({ service_ended: text });
  });
});

describe('a value that looks like another is bad input at its line (A5, C7): hidden characters and white space around it', () => {
  // `a.txt ` beside the file `a.txt` was logged "already absent"; `EX-98\rEX-04` printed as EX-04.
  test.each([
    [
      'location',
      'casefiles:client-108/video-concert.txt ',
      'inventory.surrounding-space',
      /^location "casefiles:client-108\/video-concert\.txt " has white space at its end/,
    ],
    ['location', ' casefiles:a.pdf', 'inventory.surrounding-space', /^location " casefiles:a\.pdf" has white space at its start/],
    [
      'location',
      'casefiles:video-concert.txt\u200B',
      'inventory.invisible-character',
      /^location "casefiles:video-concert\.txt\\u200B" holds U\+200B, a character that is not shown, at character 28/,
    ],
    ['location', 'casefiles:photo\u00ADart.txt', 'inventory.invisible-character', /holds U\+00AD/],
    ['location', 'casefiles:\u202Etxt.exe', 'inventory.invisible-character', /holds U\+202E/],
    ['id', 'EX-98\rEX-04', 'inventory.invisible-character', /^id "EX-98\\rEX-04" holds U\+000D/],
    ['id', 'EX-97\u001b[8m', 'inventory.invisible-character', /^id "EX-97\\u001b\[8m" holds U\+001B/],
    ['id', 'EX-96\u0085', 'inventory.invisible-character', /^id "EX-96\\u0085" holds U\+0085/],
    ['subject', 'S-1\t', 'inventory.invisible-character', /^subject .* holds U\+0009/],
    ['subject', '\u00A0S-1', 'inventory.surrounding-space', /^subject .* has white space at its start/],
    ['category', 'photograph ', 'inventory.surrounding-space', /^category "photograph " has white space at its end/],
    ['category', 'photo\u2028graph', 'inventory.invisible-character', /holds U\+2028/],
  ])('JSON Lines: %s %j', async (field, value, code, says) => {
    const path = await jsonLinesWith('hidden.jsonl', { ...GOOD, [field]: value });
    const error = await readFailure(path, flagNames);
    expect(error.problems).toEqual([expect.objectContaining({ code, file: path, line: 3, message: expect.stringMatching(says) })]);
    // Nothing a terminal would act on reaches the message.
    expect(error.problems[0]?.message).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
  });

  test('CSV: a quoted cell with a trailing space, or a zero-width space, in a location', async () => {
    const header = 'id,subject,category,created,location\n';
    const trailing = await writeInventory(
      dir,
      'space.csv',
      `${header}A1,s,health,2019-01-01,casefiles:a.pdf\nA2,s,health,2019-01-01,"casefiles:b.pdf "\n`,
    );
    expect((await readFailure(trailing)).problems).toEqual([expect.objectContaining({ code: 'inventory.surrounding-space', line: 3 })]);
    const zeroWidth = await writeInventory(dir, 'zwsp.csv', `${header}A1,s,health,2019-01-01,casefiles:b.pdf\u200B\n`);
    expect((await readFailure(zeroWidth)).problems).toEqual([expect.objectContaining({ code: 'inventory.invisible-character', line: 2 })]);
  });

  test('spaces inside a value, accents and emoji are ordinary text', async () => {
    const record = {
      ...GOOD,
      id: 'r 1',
      subject: 'Zoë Ångström',
      category: 'photo graph',
      location: 'casefiles:client 107/photo art class 😀.txt',
    };
    const records = await readAllInventory(await jsonLinesWith('inside.jsonl', record), { flagNames });
    expect(records[2]).toMatchObject({ id: 'r 1', location: 'casefiles:client 107/photo art class 😀.txt' });
  });

  // Drawn, though not as a plain space or letter: each is part of real names, and refusing one
  // row stops the whole import (and an event feed's every other subject with it).
  test.each([
    ['an ideographic space in a Japanese name', 'subject', '山田\u3000太郎'],
    ['a no-break space from a French export', 'subject', 'M.\u00A0Dupont'],
    ["an emoji's presentation selector", 'location', 'casefiles:\u2764\uFE0F.txt'],
    ['an ideographic variation selector', 'subject', '\u845B\u{E0100}'],
    ['a Mongolian variation selector', 'subject', '\u1820\u180B'],
    ['a Hangul filler in conjoining jamo', 'subject', '\u1100\u1160'],
  ])('%s is ordinary text', async (_what, field, value) => {
    const records = await readAllInventory(await jsonLinesWith('drawn.jsonl', { ...GOOD, [field]: value }), { flagNames });
    expect(records[2]).toMatchObject({ [field]: value });
  });
});
