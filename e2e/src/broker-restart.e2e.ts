import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import {
  createTestDatabase,
  throwawayBroker,
  uniqueName,
  waitFor,
  type TestDatabase,
  type ThrowawayBroker,
} from '@salesgraph/testkit';
import {
  accountMetricsDealMismatches,
  accountSummaryMismatches,
  companyInput,
  consumerLag,
  createCompanyMutation,
  createDealMutation,
  outboxBacklog,
  payloadOf,
  startSubgraph,
  subgraphCaller,
  updateCompanyMutation,
  updateDealMutation,
  type ProcessEnv,
  type SubgraphProcess,
} from './fixtures/projection-processes.js';

const RESTARTS = 3;
const WRITES_PER_PHASE = 60;
const WRITERS = 4;

/**
 * Broker restart (issue 4): a second Kafka broker, used by nothing else, is stopped and started
 * three times while writes stream into accounts (companies) and deals (deals). Writes keep
 * succeeding while it is down (the outbox holds the events), and afterwards both projections
 * fed across the broker (deals AccountSummary, accounts AccountMetrics) equal their sources.
 */
describe('projections across Kafka broker restarts', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let broker: ThrowawayBroker;
  let accounts: SubgraphProcess;
  let deals: SubgraphProcess;
  const tenant = uniqueName('tenant');

  before(async () => {
    broker = await throwawayBroker();
    await broker.start();
    db = await createTestDatabase('sg_broker_restart');
    const env: ProcessEnv = { databaseUrl: db.url, brokers: broker.brokers, namespace: uniqueName('restart') };
    accounts = await startSubgraph('accounts', env);
    deals = await startSubgraph('deals', env);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  after(async () => {
    await deals?.stop();
    await accounts?.stop();
    await sql?.end();
    await db?.drop();
    await broker?.remove();
  });

  it('keeps accepting writes while the broker is down and converges after each of 3 restarts', async () => {
    const callAccounts = subgraphCaller(accounts.url, { tenant, roles: ['SALES_MANAGER'] });
    const callDeals = subgraphCaller(deals.url, { tenant, roles: ['SALES_MANAGER'] });
    let writes = 0;
    let writing = true;
    const failures: string[] = [];
    const serverErrors = () =>
      [accounts, deals]
        .map(
          (p) =>
            `\n--- ${p.name} ---\n${p.service
              .output()
              .split('\n')
              .filter((line) => /unexpected|error/i.test(line) && !/ECONNREFUSED/.test(line))
              .slice(-10)
              .join('\n')}`,
        )
        .join('');
    const dbNow = async () => (await sql.query<{ now: Date }>('select now()')).rows[0]!.now;

    const writer = async (w: number) => {
      const companies: { id: string; version: number }[] = [];
      const ownDeals: { id: string; version: number }[] = [];
      for (let n = 0; writing && failures.length === 0; n++) {
        try {
          const created = payloadOf(
            await callAccounts(createCompanyMutation, { i: companyInput(w * 100_000 + n) }),
            'createCompany',
          );
          companies.push({ id: created['company'].id, version: 1 });
          const company = companies[(n * 7) % companies.length]!;
          payloadOf(
            await callAccounts(updateCompanyMutation, {
              i: { id: company.id, version: company.version, legalName: `Empresa ${w}-${n} v${company.version + 1}` },
            }),
            'updateCompany',
          );
          company.version++;
          if (n % 2 === 0) {
            const deal = payloadOf(
              await callDeals(createDealMutation, {
                i: {
                  companyId: known[w]!,
                  title: `Plano ${w}-${n}`,
                  estimatedValue: `${1000 + n}.00`,
                  estimatedLives: 10,
                },
              }),
              'createDeal',
            );
            ownDeals.push({ id: deal['deal'].id, version: deal['deal'].version });
          } else {
            const deal = ownDeals[n % ownDeals.length]!;
            const updated = payloadOf(
              await callDeals(updateDealMutation, {
                i: { id: deal.id, version: deal.version, estimatedValue: `${2000 + n}.50` },
              }),
              'updateDeal',
            );
            deal.version = updated['deal'].version;
          }
          writes += 3;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    };
    // Deals name a company the deals subgraph already knows (its AccountSummary, fed through the
    // broker): a company created while the broker is down cannot reach it until the broker is back,
    // so a deal for it would be COMPANY_NOT_FOUND for the outage (packages/write: references are
    // checked against the projection).
    const known: string[] = [];
    for (let w = 0; w < WRITERS; w++)
      known.push(
        payloadOf(await callAccounts(createCompanyMutation, { i: companyInput(900_000 + w) }), 'createCompany')[
          'company'
        ].id as string,
      );
    await waitFor(
      async () =>
        (await sql.query('select count(*)::int as n from deals.account_summary where id = any($1)', [known])).rows[0]
          .n === known.length,
      { description: "the writers' companies in AccountSummary", timeoutMs: 60_000 },
    );
    const streaming = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    const writesReach = (target: number, description: string) =>
      waitFor(() => failures.length > 0 || writes >= target, { description, timeoutMs: 120_000, intervalMs: 20 });

    let restartedAt = 0;
    const downtimes: number[] = [];
    try {
      await writesReach(WRITES_PER_PHASE, 'writes before the first outage');
      for (let round = 1; round <= RESTARTS; round++) {
        await broker.stop();
        const down = Date.now();
        const backlogBefore = await outboxBacklog(sql, 'accounts');
        await writesReach(writes + WRITES_PER_PHASE, `writes while the broker is down (round ${round})`);
        assert.deepEqual(failures, [], `writes keep succeeding while the broker is down${serverErrors()}`);
        assert.ok(
          (await outboxBacklog(sql, 'accounts')) >= backlogBefore + WRITES_PER_PHASE / 3,
          'the outbox holds what could not be published',
        );
        await broker.start();
        downtimes.push(Date.now() - down);
        restartedAt = Date.now();
        const back = await dbNow();
        if (round === RESTARTS) break;
        // Relay and consumers recovered on their own before the next outage.
        await waitFor(
          async () =>
            Number(
              (await sql.query('select count(*) as n from deals.inbox_event where applied_at > $1', [back])).rows[0].n,
            ) > 0,
          {
            description: `deals consumer to apply events again after restart ${round}`,
            timeoutMs: 120_000,
            intervalMs: 100,
          },
        );
        await writesReach(writes + WRITES_PER_PHASE, `writes after restart ${round}`);
      }
    } finally {
      writing = false;
      await streaming;
    }
    assert.deepEqual(failures, [], `writes keep succeeding${serverErrors()}`);

    let last: Record<string, number> = {};
    const firstZero: Record<string, number> = {};
    const waiting = { accounts: await outboxBacklog(sql, 'accounts'), deals: await outboxBacklog(sql, 'deals') };
    const state = async () => ({
      accountsBacklog: await outboxBacklog(sql, 'accounts'),
      dealsBacklog: await outboxBacklog(sql, 'deals'),
      summaryLag: await consumerLag(deals, 'deals.account-summary'),
      metricsLag: await consumerLag(accounts, 'accounts.account-metrics'),
      summaryMismatches: await accountSummaryMismatches(sql),
      metricsMismatches: await accountMetricsDealMismatches(sql),
    });
    const converged = await waitFor(
      async () => {
        last = await state();
        for (const [key, value] of Object.entries(last)) if (value === 0) firstZero[key] ??= Date.now() - restartedAt;
        return Object.values(last).every((value) => value === 0) && Date.now();
      },
      { description: 'both projections to converge after the last restart', timeoutMs: 180_000, intervalMs: 100 },
    ).catch((error: Error) => {
      const crashes = (service: SubgraphProcess) =>
        service.service
          .output()
          .split('\n')
          .filter((line) => /Crash|Restarting|relay|producer|sequence|epoch/i.test(line))
          .slice(-30)
          .map((line) => line.slice(0, 400))
          .join('\n');
      throw new Error(
        `${error.message}; last ${JSON.stringify(last)}\n--- accounts ---\n${crashes(accounts)}\n--- deals ---\n${crashes(deals)}`,
      );
    });
    const companyEvents = Number((await sql.query('select count(*) as n from accounts.outbox')).rows[0].n);
    const dealEvents = Number(
      (await sql.query(`select count(*) as n from deals.outbox where topic = 'deals.deal.events'`)).rows[0].n,
    );
    const summaryApplied = Number(
      (await sql.query(`select count(*) as n from deals.inbox_event where consumer = 'deals.account-summary'`)).rows[0]
        .n,
    );
    const metricsApplied = Number(
      (await sql.query(`select count(*) as n from accounts.inbox_event where consumer = 'accounts.account-metrics'`))
        .rows[0].n,
    );
    assert.equal(summaryApplied, companyEvents, 'every company event applied once by deals.account-summary');
    assert.equal(metricsApplied, dealEvents, 'every deal event applied once by accounts.account-metrics');
    console.log(
      `broker restart: ${writes} writes (${companyEvents} company + ${dealEvents} deal events), ${RESTARTS} restarts (down ${downtimes.map((ms) => (ms / 1000).toFixed(1)).join(' / ')} s), ` +
        `converged ${((converged - restartedAt) / 1000).toFixed(1)} s after the last restart ` +
        `(outbox then ${JSON.stringify(waiting)}; first zero after the restart, ms: ${JSON.stringify(firstZero)}; ` +
        `relay sends refused as out of order, then retried with a new producer: ${[accounts, deals].map((p) => p.service.output().split('out of order sequence').length - 1).join(' + ')})`,
    );
  });
});
