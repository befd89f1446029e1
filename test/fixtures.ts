/**
 * Test fixtures live in one place, test/fixtures/<theme>/<case>: the files of one test file
 * under its theme (test/policy/errors.test.ts → test/fixtures/policy/errors/), one scenario
 * per file or folder, named for its case.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');

export const fixturePath = (...parts: string[]): string => path.join(FIXTURES, ...parts);

export const fixtureText = (...parts: string[]): string => readFileSync(fixturePath(...parts), 'utf8');
