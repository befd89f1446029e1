/**
 * How the README puts `retention` on the PATH: npm's global install into a prefix, never
 * `npx retention` (npx looks the name up in the registry and would run whatever package is
 * published under it). The checkout's own global install (npm links the folder) is done here
 * for real, into a temporary prefix. The release tarball (`npm pack`) is checked for what the
 * installed command needs; installing it for real compiles better-sqlite3 from source (minutes
 * on this machine), which is too slow for the suite — that was verified by hand (see README).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, tempDir } from './run-cli.js';

const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

function npm(args: string[]) {
  const result = spawnSync('npm', [...args, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: REPO, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe('retention --version', () => {
  it('prints the package version and exits 0', async () => {
    const result = cli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('runs from one bundled file, yet with --debug its stack trace names the lines of src/ for a bug report', () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'policy.yaml'), 'rules: [');
    const result = cli(['validate', '--policy', 'policy.yaml', '--debug'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ {4}at .*src\/policy\/load\.ts:\d+:\d+\)$/m);
    expect(result.stderr).not.toContain('dist/');
  });
});

describe('installing retention', () => {
  it('npm install -g from the checkout puts a working `retention` on the PATH, usable from any folder', async () => {
    const prefix = tempDir('retention-prefix-');
    npm(['install', '--global', '--prefix', prefix, REPO]);
    const elsewhere = tempDir();
    const env = { ...process.env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };
    const run = (args: string[]) => spawnSync('retention', args, { cwd: elsewhere, env, encoding: 'utf8' });

    expect(run(['--version'])).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
    const validate = run(['validate', '--policy', path.join(REPO, 'policies/leading-lives.yaml')]);
    expect(validate.status, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('Leading Lives');
  });

  it('the release tarball (npm pack) holds the command, the built code and the policy packs', async () => {
    const [pack] = JSON.parse(npm(['pack', '--dry-run', '--json'])) as { name: string; files: { path: string; mode: number }[] }[];
    const files = new Map(pack?.files.map((f) => [f.path, f.mode]));
    expect(pack?.name).toBe('retention');
    expect((files.get('bin/retention.js') ?? 0) & 0o111).not.toBe(0);
    for (const needed of ['package.json', 'dist/bundle/main.js', 'policies/leading-lives.yaml'])
      expect(files.has(needed), needed).toBe(true);
    expect([...files.keys()].some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  });
});
