import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_IDENTITY_SECRET, freePort, waitFor } from '@salesgraph/testkit';
import { startSubscriptionHarness, type SubscriptionHarness } from './testing/subscription-harness.js';

describe('gateway start-up without Kafka (a real gateway process)', () => {
  let harness: SubscriptionHarness;

  before(async () => {
    harness = await startSubscriptionHarness();
  });

  after(async () => {
    await harness?.stop();
  });

  /** The gateway process over the harness's supergraph, its Kafka consumers pointed at a closed port. */
  const spawnGateway = async (env: Record<string, string>) => {
    const port = await freePort();
    const gateway = spawn(process.execPath, [fileURLToPath(new URL('../main.js', import.meta.url))], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        LOG_LEVEL: 'silent',
        GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
        SUPERGRAPH_PATH: harness.supergraphPath,
        DEV_ISSUER_KEY_FILE: harness.devIssuerKeyFile,
        PERSISTED_OPERATIONS_PATH: '',
        KAFKA_BROKERS: '127.0.0.1:1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    gateway.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    gateway.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => gateway.once('exit', resolve));
    return { port, gateway, exited, output: () => output };
  };

  it('is not ready while the subscription consumer cannot connect, though the supergraph is loaded and queries run', async () => {
    const { port, gateway, exited } = await spawnGateway({});
    try {
      const token = await harness.token({ tenant: 'acme', roles: ['SALES_MANAGER'] });
      const query = await waitFor(
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: '{"query":"{ __typename }"}',
          });
          return response.status === 200 ? response.json() : undefined;
        },
        { description: 'the gateway to answer queries' },
      );
      assert.deepEqual(query, { data: { __typename: 'Query' } });
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 503);
    } finally {
      gateway.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });

  it('gives up after STARTUP_DEADLINE_MS: exits 1 with a message naming what it waited for', async () => {
    const { exited, output } = await spawnGateway({ STARTUP_DEADLINE_MS: '3000', LOG_LEVEL: 'fatal' });
    assert.equal(await exited, 1);
    assert.match(
      output(),
      /gave up waiting for Kafka at 127\.0\.0\.1:1 \(the subscription consumers\): not connected within STARTUP_DEADLINE_MS \(3 s\)/,
    );
    assert.match(output(), /"msg":"start failed"/);
  });
});
