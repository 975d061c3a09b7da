import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  TEST_IDENTITY_SECRET,
  createTestDatabase,
  freePort,
  graphqlRequest,
  identityHeaders,
  startService,
  testKafkaBrokers,
  uniqueName,
  waitFor,
  type RunningService,
  type TestDatabase,
} from '@salesgraph/testkit';
import { cnpjFor } from './fixtures/cnpj.js';
import { gauge } from './fixtures/metrics.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const COMPANIES = 2_000;
const UPDATES_PER_COMPANY = 4;
const KILLS_EACH = 10;

/**
 * Kill test (issue 4): 10,000 events are produced while the outbox relay process and the
 * projection consumer process are each SIGKILLed at random moments, at least 10 times each.
 * Afterwards the deals AccountSummary projection must equal the accounts source table:
 * nothing lost, nothing applied twice.
 */
describe('projections survive SIGKILL of the relay and the consumer', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let accounts: RunningService;
  let deals: RunningService | null = null;
  let relay: ChildProcess | null = null;
  let dealsPort = 0;
  let accountsPort = 0;
  const namespace = uniqueName('kill');
  const tenant = uniqueName('tenant');
  const env = () => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
  });
  const startDeals = async () => {
    deals = await startService({
      name: 'deals',
      entry: join(root, 'subgraphs', 'deals', 'dist', 'main.js'),
      env: { ...env(), PORT: String(dealsPort), OUTBOX_RELAY_ENABLED: 'false' },
      readyUrl: `http://127.0.0.1:${dealsPort}/readyz`,
    });
  };
  const startRelay = () => {
    relay = spawn(process.execPath, [join(root, 'packages', 'outbox', 'dist', 'relay.main.js')], {
      env: { ...process.env, ...env(), OUTBOX_SCHEMA: 'accounts' },
      stdio: 'ignore',
    });
  };
  const killRelay = async () => {
    const child = relay!;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  };

  before(async () => {
    db = await createTestDatabase('sg_kill');
    accountsPort = await freePort();
    dealsPort = await freePort();
    accounts = await startService({
      name: 'accounts',
      entry: join(root, 'subgraphs', 'accounts', 'dist', 'main.js'),
      env: { ...env(), PORT: String(accountsPort), OUTBOX_RELAY_ENABLED: 'false' },
      readyUrl: `http://127.0.0.1:${accountsPort}/readyz`,
    });
    await startDeals();
    startRelay();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  after(async () => {
    if (relay && relay.exitCode === null) await killRelay();
    await deals?.stop();
    await accounts?.stop();
    await sql?.end();
    await db?.drop();
  });

  it('ends with the projection equal to the source tables after 10,000 events and 20 SIGKILLs', async () => {
    const accountsUrl = `http://127.0.0.1:${accountsPort}/graphql`;
    // Forwarded identities live 30 s: sign one per request, as the gateway does.
    const headers = () => identityHeaders({ tenant, roles: ['SALES_MANAGER'] });
    let writing = true;
    let failed = false;
    const kills = { relay: 0, consumer: 0 };

    const chaos = (async () => {
      while (kills.relay < KILLS_EACH || kills.consumer < KILLS_EACH || writing) {
        await new Promise((done) => setTimeout(done, 300 + Math.random() * 1200));
        if (failed) break;
        const target = kills.relay >= KILLS_EACH ? 'consumer' : kills.consumer >= KILLS_EACH ? 'relay' : Math.random() < 0.5 ? 'relay' : 'consumer';
        if (!writing && kills.relay >= KILLS_EACH && kills.consumer >= KILLS_EACH) break;
        if (target === 'relay') {
          await killRelay();
          kills.relay++;
          startRelay();
        } else {
          await deals!.kill();
          kills.consumer++;
          await startDeals();
        }
      }
    })();

    const started = Date.now();
    const ids: string[] = new Array(COMPANIES);
    const worker = async (offset: number, step: number) => {
      for (let i = offset; i < COMPANIES; i += step) {
        const created = await graphqlRequest(accountsUrl, `mutation($i: CreateCompanyInput!) { createCompany(input: $i) { company { id } problem { reason } } }`, {
          i: { legalName: `Empresa ${i}`, cnpj: cnpjFor(10_000 + i), employeeCount: i % 1500 },
        }, await headers());
        assert.equal(created.errors, undefined, JSON.stringify(created.errors));
        const id = created.data!['createCompany'].company.id as string;
        ids[i] = id;
        for (let version = 1; version <= UPDATES_PER_COMPANY; version++) {
          const updated = await graphqlRequest(accountsUrl, `mutation($i: UpdateCompanyInput!) { updateCompany(input: $i) { problem { reason } } }`, {
            i: { id, version, legalName: `Empresa ${i} v${version + 1}`, employeeCount: (i * version) % 2000 },
          }, await headers());
          assert.equal(updated.data?.['updateCompany']?.problem, null, JSON.stringify(updated));
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w, 8)));
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      writing = false;
      if (failed) await chaos;
    }
    const writeSeconds = (Date.now() - started) / 1000;
    await chaos;
    assert.ok(kills.relay >= KILLS_EACH && kills.consumer >= KILLS_EACH, JSON.stringify(kills));

    const events = Number((await sql.query('select count(*) as n from accounts.outbox')).rows[0].n);
    assert.equal(events, COMPANIES * (1 + UPDATES_PER_COMPANY));
    await waitFor(async () => Number((await sql.query('select count(*) as n from accounts.outbox where published_at is null')).rows[0].n) === 0, {
      description: 'the relay to publish every committed event',
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    await waitFor(async () => (await gauge(`http://127.0.0.1:${dealsPort}/metrics`, 'salesgraph_consumer_lag', { consumer: 'deals.account-summary' })) === 0, {
      description: 'the consumer lag to reach zero',
      timeoutMs: 120_000,
      intervalMs: 250,
    });

    const mismatches = await sql.query(`
      select count(*)::int as n from accounts.company c
      full outer join deals.account_summary s on s.id = c.id
      where s.id is null or c.id is null or s.legal_name <> c.legal_name or s.segment <> c.segment or s.owner_id <> c.owner_id or s.tenant_id <> c.tenant_id`);
    assert.equal(mismatches.rows[0].n, 0, 'the projection equals the source: nothing lost');
    const applied = await sql.query(`select count(*)::int as n, count(distinct event_id)::int as d from deals.inbox_event where consumer = 'deals.account-summary'`);
    assert.equal(applied.rows[0].n, events, 'every event applied exactly once');
    assert.equal(applied.rows[0].d, events);
    const versions = await sql.query(`select count(*)::int as n from deals.inbox_aggregate a join accounts.company c on c.id = a.aggregate_id where a.consumer = 'deals.account-summary' and a.version <> c.version`);
    assert.equal(versions.rows[0].n, 0, 'every aggregate at its last version');
    console.log(`kill test: ${events} events written in ${writeSeconds.toFixed(1)} s, relay killed ${kills.relay}x, consumer killed ${kills.consumer}x, converged in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
