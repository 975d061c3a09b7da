import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPasswordPostgres, uniqueName, type PasswordPostgres } from '@salesgraph/testkit';
import { createOrm, type Orm } from './create-orm.js';
import { databaseCredentials } from './database-credentials.js';

/** As Vault Agent renders a secret: a new file renamed over the old one. */
function writeSecret(path: string, value: string): void {
  writeFileSync(`${path}.new`, `${value}\n`);
  renameSync(`${path}.new`, path);
}

/**
 * Rotation (issue 16): a role's password is changed in the database and in the secret file
 * while the service runs; new connections log in with the new one, open ones carry on, and the
 * old password is refused — on a PostgreSQL that checks passwords (scram-sha-256).
 */
describe('database credentials read from files and rotated', () => {
  let server: PasswordPostgres;
  let admin: pg.Client;
  let dir: string;
  let orm: Orm;
  let pool: pg.Pool;
  const role = uniqueName('sg_rotating');
  const first = `first-${uniqueName('pw')}`;
  const second = `second-${uniqueName('pw')}`;
  let passwordFile: string;
  let userFile: string;
  let url: string;
  let credentials: ReturnType<typeof databaseCredentials>;

  before(async () => {
    server = await startPasswordPostgres();
    admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`create role "${role}" login password '${first}'`);
    dir = mkdtempSync(join(tmpdir(), 'salesgraph-rotation-'));
    passwordFile = join(dir, 'password');
    userFile = join(dir, 'username');
    writeSecret(passwordFile, first);
    writeSecret(userFile, role);
    // No credentials in the URL: they come from the files only.
    url = `postgres://127.0.0.1:${server.port}/postgres`;
  });

  after(async () => {
    await orm?.close(true);
    await pool?.end();
    await admin?.end();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the user and password of the files, through MikroORM and a plain pool', async () => {
    credentials = databaseCredentials({
      DATABASE_URL: url,
      DATABASE_USER_FILE: userFile,
      DATABASE_PASSWORD_FILE: passwordFile,
    });
    orm = await createOrm({
      databaseUrl: url,
      schema: 'public',
      entities: [],
      migrations: [],
      credentials,
      poolMax: 8,
    });
    const [row] = await orm.em.getConnection().execute<{ who: string }[]>('select current_user as who');
    assert.equal(row?.who, role);
    pool = new pg.Pool({ connectionString: url, max: 8, Client: credentials.Client });
    const { rows } = await pool.query<{ who: string }>('select current_user as who');
    assert.equal(rows[0]?.who, role);
  });

  it('after rotation, new connections use the new password, open ones carry on, the old password is refused', async () => {
    const open = await pool.connect();
    await admin.query(`alter role "${role}" password '${second}'`);
    writeSecret(passwordFile, second);

    // A connection opened now must log in with the new password (the held one is busy).
    const fresh = await pool.connect();
    assert.equal((await fresh.query<{ who: string }>('select current_user as who')).rows[0]?.who, role);
    assert.equal((await open.query<{ one: number }>('select 1 as one')).rows[0]?.one, 1, 'the open one carries on');
    fresh.release();
    open.release();

    // MikroORM: as many transactions at once as its pool allows, so it opens new connections.
    const whoAmI = () =>
      orm.em.fork().transactional(async (em) => {
        const [row] = await em.execute<{ who: string }[]>('select current_user as who, pg_sleep(0.05)');
        return row?.who;
      });
    assert.deepEqual(await Promise.all(Array.from({ length: 8 }, whoAmI)), Array(8).fill(role));

    const stale = new pg.Client({ connectionString: `postgres://${role}:${first}@127.0.0.1:${server.port}/postgres` });
    await assert.rejects(
      () => stale.connect(),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, '28P01', 'invalid_password');
        assert.ok(!error.message.includes(first) && !error.message.includes(second), 'no password in the error');
        return true;
      },
    );
  });

  it('follows a rotated user name too (Vault database secrets issue a new role per lease)', async () => {
    const next = uniqueName('sg_rotating_next');
    await admin.query(`create role "${next}" login password '${second}'`);
    writeSecret(userFile, next);
    // What a pool does for each new connection.
    const fresh = new credentials.Client({ connectionString: url });
    await fresh.connect();
    try {
      assert.equal((await fresh.query<{ who: string }>('select current_user as who')).rows[0]?.who, next);
    } finally {
      await fresh.end();
    }
  });
});
