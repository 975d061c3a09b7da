import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './names.js';
import { waitFor } from './wait-for.js';

export interface PasswordPostgres {
  /** postgres://postgres:<password>@127.0.0.1:<port>/postgres */
  readonly adminUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries of the Debian layout, or those on PATH. */
function binary(name: string): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((version) => existsSync(join(root, version, 'bin', name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin', name);
  }
  return name;
}

/** PostgreSQL refuses to run as root: as root, run its binaries as the `postgres` user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * A throwaway PostgreSQL cluster of one test that checks passwords (scram-sha-256 for every
 * connection), unlike the shared development server (trust). Started on a free port in a
 * temporary directory, stopped and removed by stop().
 */
export async function startPasswordPostgres(): Promise<PasswordPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'salesgraph-pg-'));
  const data = join(dir, 'data');
  const password = `admin-${Date.now().toString(36)}`;
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  if (process.getuid?.() === 0) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    for (const path of [dir, join(dir, 'pwfile')]) chownSync(path, Number(ids.stdout), Number(gid.stdout));
  }
  const [initCommand, initArgs] = asServerUser(binary('initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${join(dir, 'pwfile')}`,
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const init = spawnSync(initCommand, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr}`);
  const port = await freePort();
  const [serverCommand, serverArgs] = asServerUser(binary('postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const server: ChildProcess = spawn(serverCommand, serverArgs, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  await waitFor(
    async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.end();
      return true;
    },
    { timeoutMs: 60_000, description: `the password-checking PostgreSQL on port ${port}` },
  );
  return {
    adminUrl,
    port,
    async stop() {
      // pg_ctl's fast shutdown signals the postmaster itself (runuser, in between, passes on no signal).
      const [stopCommand, stopArgs] = asServerUser(binary('pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w']);
      const stopped = spawnSync(stopCommand, stopArgs, { encoding: 'utf8' });
      if (stopped.status !== 0) server.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
