import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { waitFor } from '@salesgraph/testkit';
import type { EmbeddedPostgres } from './embedded-postgres.js';
import { startEmbeddedPostgresThread } from './embedded-postgres-thread.js';

describe('the embedded PostgreSQL (PGlite behind pglite-socket and the session gate)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sg-pglite-'));
  let postgres: EmbeddedPostgres;
  let pool: pg.Pool;

  before(async () => {
    postgres = await startEmbeddedPostgresThread({ dataDir });
    pool = new pg.Pool({ connectionString: postgres.url, max: 10 });
    await pool.query('create table item (id int primary key, label text not null)');
  });

  after(async () => {
    await pool?.end();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the statements and transactions of 10 pooled connections at once without mixing them up', async () => {
    let wrong = 0;
    const operations = Array.from({ length: 600 }, async (_, i) => {
      if (i % 3 === 0) {
        // Parameterised (extended protocol: Parse, Bind, Execute, Sync) outside a transaction.
        const { rows } = await pool.query<{ n: number; s: string }>('select $1::int as n, $2::text as s', [i, `s${i}`]);
        if (rows[0]?.n !== i || rows[0]?.s !== `s${i}`) wrong++;
        return;
      }
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('insert into item (id, label) values ($1, $2)', [i, `item ${i}`]);
        const { rows } = await client.query<{ label: string }>('select label from item where id = $1', [i]);
        if (rows[0]?.label !== `item ${i}`) wrong++;
        await client.query(i % 3 === 1 ? 'commit' : 'rollback');
      } finally {
        client.release();
      }
    });
    const results = await Promise.allSettled(operations);
    assert.deepEqual(
      results.filter((result) => result.status === 'rejected'),
      [],
    );
    assert.equal(wrong, 0);
    const committed = Array.from({ length: 600 }, (_, i) => i).filter((i) => i % 3 === 1).length;
    const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from item');
    assert.equal(rows[0]!.n, committed);
    const stats = await postgres.stats();
    assert.ok(stats.waited > 0, 'connections did have to wait for each other');
  });

  it('rolls back the transaction of a connection that closes while holding the session, and serves the others', async () => {
    const quitter = new pg.Client({ connectionString: postgres.url });
    quitter.on('error', () => undefined);
    await quitter.connect();
    await quitter.query('begin');
    await quitter.query('insert into item (id, label) values ($1, $2)', [-1, 'never committed']);
    const waiting = pool.query<{ n: number }>('select count(*)::int as n from item where id = -1');
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await waiting;
    assert.equal(rows[0]!.n, 0);
  });

  it('delivers a NOTIFY committed on one connection to the connection that listens', async () => {
    const listener = new pg.Client({ connectionString: postgres.url });
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (message) => received.push(`${message.channel}:${message.payload}`));
    await listener.query('listen outbox_demo');
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query("select pg_notify('outbox_demo', 'wake up')");
      await client.query('commit');
    } finally {
      client.release();
    }
    await waitFor(() => received.length > 0, { description: 'the notification' });
    assert.deepEqual(received, ['outbox_demo:wake up']);
    await listener.end();
  });

  it('keeps committed data in its data directory across a restart', async () => {
    await pool.query('insert into item (id, label) values ($1, $2)', [100_000, 'kept']);
    await pool.end();
    await postgres.stop();
    postgres = await startEmbeddedPostgresThread({ dataDir });
    pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
    const { rows } = await pool.query<{ label: string }>('select label from item where id = 100000');
    assert.deepEqual(rows, [{ label: 'kept' }]);
  });
});
