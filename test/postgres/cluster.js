/**
 * A throw-away PostgreSQL cluster for the tests and the benchmark: `initdb` into a temporary
 * folder, `pg_ctl start` on a free port of 127.0.0.1 (trust authentication, so no password
 * anywhere), and `stop` that ends the server and removes the folder. PostgreSQL refuses to run
 * as root: as root, its programs run as the `postgres` user (runuser).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The folder of initdb and pg_ctl: RETENTION_PG_BIN, else the newest /usr/lib/postgresql/N/bin, else `pg_config --bindir`; null when none. */
export function findPostgresBin(env = process.env) {
  const candidates = [];
  if (env.RETENTION_PG_BIN) candidates.push(env.RETENTION_PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  return candidates.find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) ?? null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster; resolves to `{ port, adminUrl, urlOf(database), stop() }`. `durable: false`
 * (tests) turns fsync off for speed; the benchmark keeps PostgreSQL's defaults, as a real
 * server has them.
 */
export async function startCluster({ bin, durable = false }) {
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'postgres' : userInfo().username;
  const run = (program, args) => {
    const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const dir = mkdtempSync(join(tmpdir(), 'retention-pg-'));
  if (asRoot) {
    const id = (name) => Number(execFileSync('id', [name, user], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const settings = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200'];
  if (!durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', settings.join(' '), '-w', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cannot start a PostgreSQL cluster with ${bin}: ${error.stderr?.toString() || error.message}`);
  }
  const urlOf = (database) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    adminUrl: urlOf('postgres'),
    urlOf,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
