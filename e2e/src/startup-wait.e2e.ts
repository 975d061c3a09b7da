import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase, ThrowawayBroker } from '@salesgraph/testkit';
import { TEST_IDENTITY_SECRET, createTestDatabase, freePort, throwawayBroker } from '@salesgraph/testkit';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { repoRoot } from './fixtures/projection-processes.js';

interface Started {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcess;
  output(): string;
  exitCode(): number | null | undefined;
  stop(): Promise<void>;
}

/** A process of the graph, started without waiting for it to be ready. */
async function launch(name: string, entry: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot, entry)], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', OTEL_SDK_DISABLED: 'true', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let code: number | null | undefined;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (exit) => {
      code = exit;
      resolve();
    }),
  );
  return {
    name,
    port,
    child,
    output: () => output,
    exitCode: () => code,
    async stop() {
      if (code === undefined) child.kill('SIGTERM');
      await exited;
    },
  };
}

const status = async (started: Started, path: string) => {
  const response = await fetch(`http://127.0.0.1:${started.port}${path}`);
  return response.status;
};

/**
 * Start-up that waits for the world (issue 16): processes started before their Kafka broker exists
 * (subgraphs, the relay, the gateway) listen at once (/healthz 200, /readyz 503), retry with
 * backoff, and become ready once the broker is up; with nothing to wait for before the deadline they fail naming it; started right after a
 * fresh broker (topics not there, coordinators loading) they become ready too. Brokers of this
 * test only (own ports), never the shared one.
 */
describe('start-up waits for Kafka and PostgreSQL', () => {
  let db: TestDatabase;
  let workdir: string;
  const processes: Started[] = [];
  const brokers: ThrowawayBroker[] = [];

  const subgraphEnv = (brokersAddress: string, namespace: string) => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokersAddress,
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    STARTUP_DEADLINE_MS: '240000',
  });
  const start = async (name: string, entry: string, env: Record<string, string>) => {
    const started = await launch(name, entry, env);
    processes.push(started);
    return started;
  };

  before(async () => {
    db = await createTestDatabase('sg_startup_wait');
    workdir = mkdtempSync(join(tmpdir(), 'salesgraph-startup-'));
  });

  after(async () => {
    await Promise.all(processes.map((started) => started.stop()));
    for (const broker of brokers) await broker.remove();
    await db?.drop();
    if (workdir) rmSync(workdir, { recursive: true, force: true });
  });

  it('fails after the deadline with a message naming what it waited for', async () => {
    const nowhere = `127.0.0.1:${await freePort()}`;
    const accounts = await start('accounts', 'subgraphs/accounts/dist/main.js', {
      ...subgraphEnv(nowhere, uniqueName('deadline')),
      STARTUP_DEADLINE_MS: '3000',
    });
    await waitFor(() => accounts.exitCode() !== undefined, { timeoutMs: 60_000, description: 'accounts to give up' });
    assert.equal(accounts.exitCode(), 1);
    assert.match(
      accounts.output(),
      new RegExp(`gave up waiting for Kafka at ${nowhere}: not reachable within STARTUP_DEADLINE_MS \\(3 s;`),
    );
    assert.match(accounts.output(), /"msg":"start failed"/);
  });

  it('starts before the broker: alive, not ready, then ready once the broker is up', async () => {
    const broker = await throwawayBroker();
    brokers.push(broker);
    const namespace = uniqueName('before_broker');
    const accounts = await start('accounts', 'subgraphs/accounts/dist/main.js', subgraphEnv(broker.brokers, namespace));
    const deals = await start('deals', 'subgraphs/deals/dist/main.js', subgraphEnv(broker.brokers, namespace));
    for (const started of [accounts, deals]) {
      await waitFor(async () => (await status(started, '/healthz')) === 200, {
        timeoutMs: 60_000,
        description: `${started.name} to listen`,
      });
      assert.equal(await status(started, '/readyz'), 503, `${started.name} is not ready without Kafka`);
    }
    await waitFor(() => /waiting for Kafka at/.test(deals.output()), {
      timeoutMs: 60_000,
      description: 'deals waiting',
    });
    const relay = await start('accounts-relay', 'packages/outbox/dist/relay.main.js', {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: broker.brokers,
      KAFKA_NAMESPACE: namespace,
      OUTBOX_SCHEMA: 'accounts',
      STARTUP_DEADLINE_MS: '240000',
    });
    // The gateway serves queries at once; its subscription consumers wait for the broker.
    const gateway = await start('gateway', 'gateway/dist/main.js', {
      KAFKA_BROKERS: broker.brokers,
      KAFKA_NAMESPACE: namespace,
      GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
      SUPERGRAPH_PATH: join(repoRoot, 'supergraph.graphql'),
      SUBGRAPH_URLS: `accounts=http://127.0.0.1:${accounts.port}/graphql,deals=http://127.0.0.1:${deals.port}/graphql`,
      DEV_ISSUER_KEY_FILE: join(workdir, 'dev-issuer.json'),
      STARTUP_DEADLINE_MS: '240000',
    });
    await waitFor(async () => (await status(gateway, '/healthz')) === 200, {
      timeoutMs: 60_000,
      description: 'the gateway to listen',
    });
    assert.equal(await status(gateway, '/readyz'), 503, 'the gateway is not ready without Kafka');

    await broker.start();
    for (const started of [accounts, deals, relay, gateway])
      await waitFor(async () => (await status(started, '/readyz')) === 200, {
        timeoutMs: 180_000,
        intervalMs: 250,
        description: `${started.name} to become ready after the broker started\n${started.output().slice(-2000)}`,
      });
    for (const started of [accounts, deals, relay, gateway])
      assert.equal(started.exitCode(), undefined, `${started.name} runs`);
    console.log(
      `  retries while waiting: accounts ${accounts.output().split('waiting for').length - 1}, deals ${deals.output().split('waiting for').length - 1}`,
    );
  });

  it('starts right after a fresh broker (no topics yet, coordinators loading) and becomes ready', async () => {
    const broker = await throwawayBroker();
    brokers.push(broker);
    await broker.start();
    const namespace = uniqueName('fresh_broker');
    const started = await Promise.all([
      start('accounts', 'subgraphs/accounts/dist/main.js', subgraphEnv(broker.brokers, namespace)),
      start('deals', 'subgraphs/deals/dist/main.js', subgraphEnv(broker.brokers, namespace)),
    ]);
    for (const process of started)
      await waitFor(async () => (await status(process, '/readyz')) === 200, {
        timeoutMs: 180_000,
        intervalMs: 250,
        description: `${process.name} to become ready on a fresh broker\n${process.output().slice(-2000)}`,
      });
    for (const process of started) assert.equal(process.exitCode(), undefined, `${process.name} runs`);
  });
});
