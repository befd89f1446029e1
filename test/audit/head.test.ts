/** The head `audit head` prints, read back from `--head` or a head file (DESIGN §7). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_LOG_HEAD, formatHead, parseHead, readHeadFile } from '../../src/audit/head.js';

const HASH = 'ab'.repeat(32);

describe('parseHead', () => {
  it.each([`12 ${HASH}`, `12:${HASH}`, `  12 ${HASH.toUpperCase()}\n`, JSON.stringify({ seq: 12, hash: HASH })])('reads %j', (text) => {
    expect(parseHead(text)).toEqual({ head: { seq: 12, hash: HASH } });
  });

  it("reads back what formatHead prints, the empty log's head included", () => {
    expect(parseHead(formatHead(EMPTY_LOG_HEAD))).toEqual({ head: EMPTY_LOG_HEAD });
  });

  it.each(['12 abc', '', 'twelve', '{"seq":-1,"hash":"x"}', '{ not json'])('refuses %j', (text) => {
    expect(parseHead(text)).toEqual({ problem: expect.stringContaining('is not an audit head') });
  });

  it("refuses a head at seq 0 that is not the empty log's", () => {
    expect(parseHead(`0 ${HASH}`)).toEqual({ problem: expect.stringContaining("the empty log's, whose hash is 64 zeros") });
  });
});

describe('readHeadFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'retention-head-'));

  it('reads a saved head', async () => {
    const file = join(dir, 'head.txt');
    writeFileSync(file, `7 ${HASH}\n`);
    await expect(readHeadFile(file)).resolves.toEqual({ seq: 7, hash: HASH });
  });

  it('refuses a file that holds something else, or none', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'remember to check the log\n');
    await expect(readHeadFile(file)).rejects.toMatchObject({ code: 'head.invalid', data: { file } });
    await expect(readHeadFile(join(dir, 'missing.txt'))).rejects.toMatchObject({ code: 'file.unreadable' });
  });
});
