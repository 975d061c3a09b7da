import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import pg from 'pg';
import { cnpjFromBase } from '@salesgraph/seed';
import {
  identityHeaders,
  startIsolatedSubgraph,
  uniqueName,
  type RunningSubgraph,
  type TestDatabase,
} from '@salesgraph/testkit';

describe('graceful shutdown of a subgraph process', () => {
  let db: TestDatabase;
  let service: RunningSubgraph;
  let port: number;

  before(async () => {
    ({ db, service } = await startIsolatedSubgraph('accounts', 'shutdown', {
      LOG_LEVEL: 'info',
      // Requests sent before SIGTERM must be read by the server within the drain period,
      // even on a loaded 2-core machine.
      SHUTDOWN_DRAIN_MS: '2000',
    }));
    port = service.port;
  });

  after(async () => {
    await service?.kill();
    await db?.drop();
  });

  it('finishes the requests in flight on SIGTERM, publishes their events, and exits 0', async () => {
    const headers = {
      'content-type': 'application/json',
      ...(await identityHeaders({ tenant: uniqueName('t'), roles: ['SALES_MANAGER'] })),
    };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    const count = 20;
    let connected = 0;
    let signalled = false;
    let onAllConnected: () => void = () => undefined;
    const allConnected = new Promise<void>((resolveAll) => (onAllConnected = resolveAll));
    const countConnection = () => {
      if (++connected === count) onAllConnected();
    };
    const responses = Array.from(
      { length: count },
      (_, i) =>
        new Promise<{ status: number; body: string }>((resolveOne, reject) => {
          const body = JSON.stringify({
            query: 'mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } eventId } }',
            variables: {
              input: {
                legalName: `Empresa ${i}`,
                cnpj: cnpjFromBase(String(10_000_000_0001 + i * 10_000).padStart(12, '0')),
                employeeCount: i,
              },
            },
          });
          const request = http.request(
            {
              host: '127.0.0.1',
              port,
              path: '/graphql',
              method: 'POST',
              agent,
              headers: { ...headers, 'content-length': Buffer.byteLength(body) },
            },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              response.on('end', () => resolveOne({ status: response.statusCode ?? 0, body: text }));
            },
          );
          request.on('error', reject);
          request.on('socket', (socket) => socket.once('connect', countConnection));
          request.end(body);
        }),
    );
    await allConnected;
    service.process.kill('SIGTERM');
    signalled = true;
    const results = await Promise.all(responses);
    const code = await service.stop();
    agent.destroy();
    assert.ok(signalled);
    assert.equal(code, 0, service.output().slice(-2000));
    for (const result of results) {
      assert.equal(result.status, 200, result.body);
      assert.match(result.body, /"eventId":"[0-9a-f-]{36}"/);
    }
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const rows = await sql.query(
      'select count(*)::int as total, count(published_at)::int as published from accounts.outbox',
    );
    await sql.end();
    assert.equal(rows.rows[0].total, count);
    assert.equal(rows.rows[0].published, count, 'the relay drains committed events before exiting');
    assert.match(service.output(), /"msg":"stopped"/);
  });
});
