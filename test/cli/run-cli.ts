/**
 * Spawns the BUILT command line (bin/retention.js → dist/), as a user or cron would.
 * `npm test` builds first; only test/cli/ spawns the binary, and only where the process itself
 * is the point: its exit status and streams (exit-codes.test.ts), real signals, SIGKILL and
 * SIGSTOP, a terminal, another user, two processes at once, the real standard input, and the
 * pages a browser opens. Every other command test runs in-process (run-in-process.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin/retention.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Run as this user (the test process must be root): file modes bind it, as they do not bind root. */
  user?: { uid: number; gid: number };
}

/** `nobody`: as root, the tests that need file modes to bind run the built CLI as this user. */
export const NOBODY = 65534;

/**
 * Whom file modes bind: the tests' own user, or `nobody` when the tests run as root (root
 * ignores modes). Null when the tests run as root from a checkout `nobody` cannot reach — a
 * clone inside a private folder such as `mktemp -d`'s — where the tests that need it are
 * skipped, saying why, instead of failing with "Cannot find module".
 */
export function modeBoundUser(): CliOptions['user'] | null {
  if (process.getuid?.() !== 0) return undefined;
  const nobody = { uid: NOBODY, gid: NOBODY };
  if (spawnSync(process.execPath, [BIN, '--version'], nobody).status === 0) return nobody;
  console.warn(
    `${REPO} cannot be reached by uid ${NOBODY} (a private folder above it): the tests that run the command as another user are skipped`,
  );
  return null;
}

export function cli(args: string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input ?? '',
    ...options.user,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking the test process (for lock and crash tests). */
export function cliAsync(args: string[], options: CliOptions = {}) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** How a spawned CLI ended, with what it wrote on stderr. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

/** Whether the process is stopped (state T in /proc), e.g. it reached a SIGSTOP crash point. */
export function isStopped(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
}

export function tempDir(prefix = 'retention-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An error report for people: names a place, and never a stack trace. */
export function expectNoStack(stderr: string): boolean {
  return !/\n\s+at .+\(.*:\d+:\d+\)/.test(stderr) && !stderr.includes('node:internal');
}
