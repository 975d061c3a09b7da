import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  TEST_IDENTITY_SECRET,
  createTestDatabase,
  freePort,
  identityHeaders,
  startService,
  testKafkaBrokers,
  uniqueName,
  type RunningService,
  type TestDatabase,
} from '@salesgraph/testkit';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

function cnpj(base12: string): string {
  const digit = (digits: number[], weights: number[]) => {
    const rest = digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  const w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
  const digits = [...base12].map(Number);
  const first = digit(digits, w1);
  return `${base12}${first}${digit([...digits, first], [6, ...w1])}`;
}

describe('graceful shutdown of a subgraph process', () => {
  let db: TestDatabase;
  let service: RunningService;
  let port: number;

  before(async () => {
    db = await createTestDatabase('sg_shutdown');
    port = await freePort();
    service = await startService({
      name: 'accounts',
      entry: join(root, 'subgraphs', 'accounts', 'dist', 'main.js'),
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        PORT: String(port),
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testKafkaBrokers(),
        KAFKA_NAMESPACE: uniqueName('shutdown'),
        GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
        // Requests sent before SIGTERM must be read by the server within the drain period,
        // even on a loaded 2-core machine.
        SHUTDOWN_DRAIN_MS: '2000',
      },
      readyUrl: `http://127.0.0.1:${port}/readyz`,
    });
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
                cnpj: cnpj(String(10_000_000_0001 + i * 10_000).padStart(12, '0')),
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
