import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  createTestDatabase,
  freePort,
  graphqlRequest,
  identityHeaders,
  startSubgraphProcess,
  subgraphTestEnv,
  uniqueName,
  waitFor,
  type RunningSubgraph,
  type TestDatabase,
} from '@salesgraph/testkit';
import { topics } from '@salesgraph/events';
import { cnpjFor } from './fixtures/cnpj.js';
import { gauge } from './fixtures/metrics.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const COMPANIES = 2_000;
const UPDATES_PER_COMPANY = 4;
/** Every DEAL_EVERY-th company also gets a deal, created on the deals process that is being killed. */
const DEAL_EVERY = 5;
const KILLS_EACH = 10;

/**
 * Kill test (issue 4): 10,000 company events and 400 deal events are produced while the outbox
 * relay processes (accounts and deals) and the deals process, which runs both of its
 * projections and takes the deal writes, are each SIGKILLed at random moments, at least 10
 * times each. Afterwards both projections of the killed process must equal their sources:
 * AccountSummary the accounts companies, PipelineSummary the deals — nothing lost, nothing
 * applied twice.
 */
describe('projections survive SIGKILL of the relay and the consumer', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let accounts: RunningSubgraph;
  let deals: RunningSubgraph | null = null;
  const relays: Record<'accounts' | 'deals', ChildProcess | null> = { accounts: null, deals: null };
  let dealsPort = 0;
  let accountsPort = 0;
  const namespace = uniqueName('kill');
  const tenant = uniqueName('tenant');
  const env = () => ({ ...subgraphTestEnv(db.url, namespace), LOG_LEVEL: 'warn' });
  const startDeals = async () => {
    deals = await startSubgraphProcess('deals', { ...env(), PORT: String(dealsPort), OUTBOX_RELAY_ENABLED: 'false' });
  };
  const startRelays = () => {
    for (const schema of ['accounts', 'deals'] as const) {
      relays[schema] = spawn(process.execPath, [join(root, 'packages', 'outbox', 'dist', 'relay.main.js')], {
        // PORT 0: each relay's probe server on a port of its own (the default 9464 would clash).
        env: { ...process.env, ...env(), OUTBOX_SCHEMA: schema, PORT: '0' },
        stdio: 'ignore',
      });
    }
  };
  const killRelays = async () => {
    for (const child of Object.values(relays)) {
      if (!child || child.exitCode !== null) continue;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    }
  };

  before(async () => {
    db = await createTestDatabase('sg_kill');
    accountsPort = await freePort();
    dealsPort = await freePort();
    accounts = await startSubgraphProcess('accounts', {
      ...env(),
      PORT: String(accountsPort),
      OUTBOX_RELAY_ENABLED: 'false',
    });
    await startDeals();
    startRelays();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  after(async () => {
    await killRelays();
    await deals?.stop();
    await accounts?.stop();
    await sql?.end();
    await db?.drop();
  });

  it('ends with both projections equal to their sources after 10,400 events and 20 SIGKILLs', async () => {
    const accountsUrl = `http://127.0.0.1:${accountsPort}/graphql`;
    const dealsUrl = `http://127.0.0.1:${dealsPort}/graphql`;
    // Forwarded identities live 30 s: sign one per request, as the gateway does.
    const headers = () => identityHeaders({ tenant, roles: ['SALES_MANAGER'] });
    let failed = false;
    const kills = { relay: 0, consumer: 0 };

    const chaos = (async () => {
      // Until each has been killed KILLS_EACH times, during the writes or after them. Killing the
      // deals process blocks the deal writes until it is back, so killing it for as long as the
      // writes last would only make them last longer.
      while (kills.relay < KILLS_EACH || kills.consumer < KILLS_EACH) {
        await new Promise((done) => setTimeout(done, 300 + Math.random() * 1200));
        if (failed) break;
        const target =
          kills.relay >= KILLS_EACH
            ? 'consumer'
            : kills.consumer >= KILLS_EACH
              ? 'relay'
              : Math.random() < 0.5
                ? 'relay'
                : 'consumer';
        if (target === 'relay') {
          await killRelays();
          kills.relay++;
          startRelays();
        } else {
          await deals!.kill();
          kills.consumer++;
          await startDeals();
        }
      }
    })();

    const started = Date.now();
    const ids: string[] = new Array(COMPANIES);
    let dealsCreated = 0;
    /**
     * createDeal on the deals process, sent again while the process is down (connection refused or
     * reset). A deal whose answer was lost to a kill after its commit exists twice: both are real
     * deals, and the projection must have both.
     */
    const createDeal = async (companyId: string, i: number) => {
      const created = await waitFor(
        async () => {
          const response = await graphqlRequest(
            dealsUrl,
            `mutation($i: CreateDealInput!) { createDeal(input: $i) { deal { id } problem { reason } } }`,
            {
              i: {
                companyId,
                title: `Plano ${i}`,
                estimatedValue: `${(i % 97) * 1000 + 500}.25`,
                estimatedLives: (i % 300) + 1,
              },
            },
            await headers(),
          );
          // A restarted deals process listens at once and answers 503 SUBGRAPH_UNAVAILABLE until
          // PostgreSQL and Kafka are ready: down, like a refused connection. The company reaches
          // its AccountSummary a moment after accounts wrote it.
          if (response.errors?.some((error) => error.extensions?.['code'] === 'SUBGRAPH_UNAVAILABLE')) return undefined;
          return response.data?.['createDeal']?.problem?.reason === 'COMPANY_NOT_FOUND' ? undefined : response;
        },
        {
          // A SIGKILLed deals process starts again and rejoins its consumer group before it is ready.
          timeoutMs: 120_000,
          intervalMs: 100,
          description: `createDeal ${i} to reach the deals process and find its company`,
        },
      );
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      assert.ok(created.data?.['createDeal']?.deal?.id, JSON.stringify(created));
      dealsCreated++;
    };
    const worker = async (offset: number, step: number) => {
      for (let i = offset; i < COMPANIES; i += step) {
        const created = await graphqlRequest(
          accountsUrl,
          `mutation($i: CreateCompanyInput!) { createCompany(input: $i) { company { id } problem { reason } } }`,
          {
            i: { legalName: `Empresa ${i}`, cnpj: cnpjFor(10_000 + i), employeeCount: i % 1500 },
          },
          await headers(),
        );
        assert.equal(created.errors, undefined, JSON.stringify(created.errors));
        const id = created.data!['createCompany'].company.id as string;
        ids[i] = id;
        for (let version = 1; version <= UPDATES_PER_COMPANY; version++) {
          const updated = await graphqlRequest(
            accountsUrl,
            `mutation($i: UpdateCompanyInput!) { updateCompany(input: $i) { problem { reason } } }`,
            {
              i: { id, version, legalName: `Empresa ${i} v${version + 1}`, employeeCount: (i * version) % 2000 },
            },
            await headers(),
          );
          assert.equal(updated.data?.['updateCompany']?.problem, null, JSON.stringify(updated));
        }
        if (i % DEAL_EVERY === 0) await createDeal(id, i);
      }
    };
    try {
      await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w, 8)));
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      if (failed) await chaos;
    }
    const writeSeconds = (Date.now() - started) / 1000;
    await chaos;
    assert.ok(kills.relay >= KILLS_EACH && kills.consumer >= KILLS_EACH, JSON.stringify(kills));

    const events = Number((await sql.query('select count(*) as n from accounts.outbox')).rows[0].n);
    assert.equal(events, COMPANIES * (1 + UPDATES_PER_COMPANY));
    const dealRows = Number(
      (await sql.query('select count(*) as n from deals.deal where tenant_id = $1', [tenant])).rows[0].n,
    );
    assert.ok(
      dealRows >= dealsCreated && dealsCreated === COMPANIES / DEAL_EVERY,
      `${dealRows} deal rows, ${dealsCreated} deals created`,
    );
    const dealEvents = Number(
      (await sql.query(`select count(*) as n from deals.outbox where topic = $1`, [topics.deal])).rows[0].n,
    );
    assert.equal(dealEvents, dealRows, 'one deal.created event per deal row');
    for (const schema of ['accounts', 'deals']) {
      await waitFor(
        async () =>
          Number(
            (await sql.query(`select count(*) as n from ${schema}.outbox where published_at is null`)).rows[0].n,
          ) === 0,
        {
          description: `the ${schema} relay to publish every committed event`,
          timeoutMs: 120_000,
          intervalMs: 250,
        },
      );
    }
    for (const consumer of ['deals.account-summary', 'deals.pipeline-summary']) {
      await waitFor(
        async () =>
          (await gauge(`http://127.0.0.1:${dealsPort}/metrics`, 'salesgraph_consumer_lag', { consumer })) === 0,
        {
          description: `the lag of ${consumer} to reach zero`,
          timeoutMs: 120_000,
          intervalMs: 250,
        },
      );
    }

    const mismatches = await sql.query(`
      select count(*)::int as n from accounts.company c
      full outer join deals.account_summary s on s.id = c.id
      where s.id is null or c.id is null or s.legal_name <> c.legal_name or s.segment <> c.segment or s.owner_id <> c.owner_id or s.tenant_id <> c.tenant_id`);
    assert.equal(mismatches.rows[0].n, 0, 'the projection equals the source: nothing lost');
    const applied = await sql.query(
      `select count(*)::int as n, count(distinct event_id)::int as d from deals.inbox_event where consumer = 'deals.account-summary'`,
    );
    assert.equal(applied.rows[0].n, events, 'every event applied exactly once');
    assert.equal(applied.rows[0].d, events);
    const versions = await sql.query(
      `select count(*)::int as n from deals.inbox_aggregate a join accounts.company c on c.id = a.aggregate_id where a.consumer = 'deals.account-summary' and a.version <> c.version`,
    );
    assert.equal(versions.rows[0].n, 0, 'every aggregate at its last version');

    const pipelineMismatches = await sql.query(
      `
      select count(*)::int as n from (select * from deals.deal where tenant_id = $1) d
      full outer join (select * from deals.pipeline_deal where tenant_id = $1) p on p.id = d.id
      where p.id is null or d.id is null or p.stage <> d.stage or p.estimated_value <> d.estimated_value`,
      [tenant],
    );
    assert.equal(pipelineMismatches.rows[0].n, 0, 'PipelineSummary has every deal as it is: nothing lost');
    const pipelineApplied = await sql.query(
      `select count(*)::int as n, count(distinct event_id)::int as d from deals.inbox_event where consumer = 'deals.pipeline-summary' and tenant_id = $1`,
      [tenant],
    );
    assert.equal(pipelineApplied.rows[0].n, dealEvents, 'every deal event applied exactly once');
    assert.equal(pipelineApplied.rows[0].d, dealEvents);
    const summary = await sql.query(
      `select (totals->>'count')::int as count, totals->>'totalValue' as total from deals.pipeline_summary where tenant_id = $1`,
      [tenant],
    );
    const source = await sql.query(
      `select count(*)::int as count, sum(estimated_value)::numeric(16, 2)::text as total from deals.deal where tenant_id = $1`,
      [tenant],
    );
    assert.deepEqual(summary.rows[0], source.rows[0], "the tenant's pipeline totals equal the sums of its deals");
    console.log(
      `kill test: ${events} company and ${dealEvents} deal events written in ${writeSeconds.toFixed(1)} s, relays killed ${kills.relay}x, deals process killed ${kills.consumer}x, converged in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});
