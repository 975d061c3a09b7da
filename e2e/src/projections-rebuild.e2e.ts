import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, testKafkaBrokers, uniqueName, waitFor, type TestDatabase } from '@salesgraph/testkit';
import {
  accountMetricsDealMismatches,
  accountSummaryMismatches,
  addContactMutation,
  companyInput,
  consumerLag,
  createCompanyMutation,
  createDealMutation,
  outboxBacklog,
  payloadOf,
  runRebuildCli,
  startSubgraph,
  subgraphCaller,
  updateCompanyMutation,
  updateDealMutation,
  type ProcessEnv,
  type SubgraphProcess,
} from './fixtures/projection-processes.js';
import { onceVisible } from './fixtures/visible.js';

const COMPANIES = 40;

/**
 * `npm run projections:rebuild -- <subgraph> <projection>` as an operator runs it: a process of
 * its own against the data real accounts and deals processes wrote. Rebuilt tables must equal
 * the incremental ones; an active consumer group and the projections that must not be rebuilt
 * are refused.
 */
describe('the projections:rebuild command', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let env: ProcessEnv;
  let accounts: SubgraphProcess | null = null;
  let deals: SubgraphProcess | null = null;
  const tenant = uniqueName('tenant');
  const cliEnv = () => ({ DATABASE_URL: env.databaseUrl, KAFKA_BROKERS: env.brokers, KAFKA_NAMESPACE: env.namespace });

  const summaryState = async () => ({
    summaries: (
      await sql.query(
        'select id, tenant_id, legal_name, trade_name, segment, owner_id, economic_buyers, champions, erased from deals.account_summary order by id',
      )
    ).rows,
    contacts: (
      await sql.query('select id, tenant_id, company_id, meddic_role, erased from deals.account_contact order by id')
    ).rows,
    inbox: (
      await sql.query(`select count(*)::int as n from deals.inbox_event where consumer = 'deals.account-summary'`)
    ).rows[0].n,
  });
  const pipelineState = async () => ({
    deals: (
      await sql.query(
        'select id, tenant_id, created_at, updated_at, source_version, stage, estimated_value, probability from deals.pipeline_deal order by id',
      )
    ).rows,
    summaries: (
      await sql.query(
        'select id, tenant_id, created_at, updated_at, stages, totals, open_totals from deals.pipeline_summary order by id',
      )
    ).rows,
    versions: (await sql.query('select id, tenant_id, version from deals.pipeline order by id')).rows,
    announced: (
      await sql.query(
        `select count(*)::int as n from deals.outbox where payload->>'eventType' = 'pipeline.summary_changed'`,
      )
    ).rows[0].n,
    inbox: (
      await sql.query(`select count(*)::int as n from deals.inbox_event where consumer = 'deals.pipeline-summary'`)
    ).rows[0].n,
  });
  const metricsState = async () => ({
    deals: (
      await sql.query(
        'select id, tenant_id, company_id, source_version, stage, estimated_value from accounts.account_metrics_deal order by id',
      )
    ).rows,
    inbox: (
      await sql.query(`select count(*)::int as n from accounts.inbox_event where consumer = 'accounts.account-metrics'`)
    ).rows[0].n,
  });

  before(async () => {
    db = await createTestDatabase('sg_rebuild_cli');
    env = { databaseUrl: db.url, brokers: testKafkaBrokers(), namespace: uniqueName('rebuildcli') };
    accounts = await startSubgraph('accounts', env);
    deals = await startSubgraph('deals', env);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();

    const callAccounts = subgraphCaller(accounts.url, { tenant, roles: ['SALES_MANAGER'] });
    const callDeals = subgraphCaller(deals.url, { tenant, roles: ['SALES_MANAGER'] });
    for (let n = 0; n < COMPANIES; n++) {
      const company = payloadOf(
        await callAccounts(createCompanyMutation, { i: companyInput(70_000 + n) }),
        'createCompany',
      );
      const id = company['company'].id as string;
      payloadOf(
        await callAccounts(updateCompanyMutation, { i: { id, version: 1, legalName: `Empresa ${n} Renomeada S.A.` } }),
        'updateCompany',
      );
      payloadOf(
        await callAccounts(addContactMutation, {
          i: { companyId: id, name: 'Contato', meddicRole: n % 2 === 0 ? 'CHAMPION' : 'ECONOMIC_BUYER' },
        }),
        'addContact',
      );
      const deal = payloadOf(
        await onceVisible(
          () =>
            callDeals(createDealMutation, {
              i: { companyId: id, title: `Plano ${n}`, estimatedValue: `${1000 + n}.50`, estimatedLives: 10 + n },
            }),
          'createDeal',
        ),
        'createDeal',
      );
      payloadOf(
        await callDeals(updateDealMutation, {
          i: { id: deal['deal'].id, version: 1, estimatedValue: `${2000 + n}.25` },
        }),
        'updateDeal',
      );
    }
    await waitFor(
      async () => (await outboxBacklog(sql, 'accounts')) === 0 && (await outboxBacklog(sql, 'deals')) === 0,
      { description: 'both outboxes to be published', timeoutMs: 60_000 },
    );
    await waitFor(
      async () =>
        (await consumerLag(deals!, 'deals.account-summary')) === 0 &&
        (await consumerLag(deals!, 'deals.pipeline-summary')) === 0 &&
        (await consumerLag(accounts!, 'accounts.account-metrics')) === 0,
      {
        description: 'the projections to catch up',
        timeoutMs: 60_000,
      },
    );
    // The pipeline projection's own announcements go through the deals outbox too.
    await waitFor(async () => (await outboxBacklog(sql, 'deals')) === 0, {
      description: 'the pipeline announcements to be published',
      timeoutMs: 60_000,
    });
  });

  after(async () => {
    await deals?.stop();
    await accounts?.stop();
    await sql?.end();
    await db?.drop();
  });

  it('refuses while the subgraph consumer group is active and changes nothing', async () => {
    const before = await summaryState();
    const result = await runRebuildCli(['deals', 'account-summary'], cliEnv());
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /consumer group deals\.account-summary is active .*stop the subgraph's consumers/);
    assert.deepEqual(await summaryState(), before);
  });

  it('refuses a projection that must not be rebuilt (the contracts step of the approval saga), saying why', async () => {
    const decisions = await runRebuildCli(['contracts', 'contracts.approval-decisions'], cliEnv());
    assert.equal(decisions.code, 2);
    assert.match(
      decisions.stderr,
      /contracts\.approval-decisions cannot be rebuilt: it is the contracts step of the approval saga/,
    );
  });

  it('names every missing variable instead of starting', async () => {
    const result = await runRebuildCli(['deals', 'account-summary'], { KAFKA_NAMESPACE: 'not valid!' });
    assert.equal(result.code, 1);
    for (const variable of ['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_NAMESPACE'])
      assert.match(result.stderr, new RegExp(variable));
  });

  it('rebuilds AccountSummary and AccountMetrics from their topics, ending equal to the incremental tables', async () => {
    const summaries = await summaryState();
    const metrics = await metricsState();
    assert.equal(summaries.summaries.length, COMPANIES);
    assert.equal(metrics.deals.length, COMPANIES);
    assert.equal(await accountSummaryMismatches(sql), 0);
    assert.equal(await accountMetricsDealMismatches(sql), 0);
    await deals!.stop();
    await accounts!.stop();
    deals = null;
    accounts = null;
    // Damage both projections, so only a real rebuild can make them equal again.
    await sql.query(`update deals.account_summary set legal_name = 'damaged', champions = 7`);
    await sql.query(
      `delete from accounts.account_metrics_deal where id in (select id from accounts.account_metrics_deal limit 5)`,
    );

    const rebuiltSummary = await runRebuildCli(['deals', 'account-summary'], cliEnv());
    assert.equal(rebuiltSummary.code, 0, rebuiltSummary.stderr);
    // 40 x (company.created, company.updated, contact.created)
    assert.match(
      rebuiltSummary.stdout,
      new RegExp(`rebuilt deals\\.account-summary: ${COMPANIES * 3} events applied in [\\d.]+ s`),
    );
    assert.deepEqual(await summaryState(), summaries);
    assert.equal(await accountSummaryMismatches(sql), 0);

    const rebuiltMetrics = await runRebuildCli(['accounts', 'accounts.account-metrics'], cliEnv());
    assert.equal(rebuiltMetrics.code, 0, rebuiltMetrics.stderr);
    // 40 x (deal.created, deal.updated)
    assert.match(
      rebuiltMetrics.stdout,
      new RegExp(`rebuilt accounts\\.account-metrics: ${COMPANIES * 2} events applied`),
    );
    assert.deepEqual(await metricsState(), metrics);
    assert.equal(await accountMetricsDealMismatches(sql), 0);
    console.log(
      `projections:rebuild: ${rebuiltSummary.stdout.trim().split('\n').at(-1)}; ${rebuiltMetrics.stdout.trim().split('\n').at(-1)}`,
    );
  });

  it('rebuilds PipelineSummary from the deal events, ending equal and announcing nothing; the next change continues the pipeline version', async () => {
    const pipeline = await pipelineState();
    assert.equal(pipeline.deals.length, COMPANIES);
    // 40 creations and 40 value changes, each announced.
    assert.deepEqual(
      [pipeline.versions.map((row) => row.version), pipeline.announced],
      [[COMPANIES * 2], COMPANIES * 2],
    );
    if (deals) await deals.stop();
    deals = null;
    await sql.query(
      `update deals.pipeline_summary set totals = '{"count": 0, "totalValue": "0.00", "weightedValue": "0.00"}'`,
    );
    await sql.query(`delete from deals.pipeline_deal where id in (select id from deals.pipeline_deal limit 5)`);

    const rebuilt = await runRebuildCli(['deals', 'pipeline-summary'], cliEnv());
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.match(rebuilt.stdout, new RegExp(`rebuilt deals\\.pipeline-summary: ${COMPANIES * 2} events applied`));
    assert.deepEqual(await pipelineState(), pipeline);

    deals = await startSubgraph('deals', env);
    const callDeals = subgraphCaller(deals.url, { tenant, roles: ['SALES_MANAGER'] });
    const companyId = (await sql.query('select company_id from deals.deal limit 1')).rows[0].company_id as string;
    payloadOf(
      await callDeals(createDealMutation, {
        i: { companyId, title: 'Depois da reconstrução', estimatedValue: '10.00', estimatedLives: 1 },
      }),
      'createDeal',
    );
    await waitFor(
      async () => (await sql.query('select version from deals.pipeline')).rows[0].version === COMPANIES * 2 + 1,
      { description: 'the next announcement', timeoutMs: 60_000 },
    );
    const last = (
      await sql.query(
        `select payload from deals.outbox where payload->>'eventType' = 'pipeline.summary_changed' order by id desc limit 1`,
      )
    ).rows[0].payload;
    assert.equal(last.aggregateVersion, COMPANIES * 2 + 1);
    assert.equal(last.data.totals.count, COMPANIES + 1);
    console.log(`projections:rebuild: ${rebuilt.stdout.trim().split('\n').at(-1)}`);
  });
});
