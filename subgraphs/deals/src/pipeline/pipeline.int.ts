import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName } from '@salesgraph/testkit';
import { startDealsHarness, type Caller, type DealsHarness } from '../testing/deals-harness.js';
import { dealOps } from '../testing/deal-operations.js';
import { pipelineIdOf } from './pipeline-id.js';

const pipelineQuery = `{ pipeline { id version changedAt stages { stage count totalValue weightedValue } totals { count totalValue weightedValue } openTotals { count totalValue weightedValue } } }`;
const forecastQuery = `query($from: LocalDate!, $to: LocalDate!) { forecast(from: $from, to: $to) { from to months { month count totalValue weightedValue } totals { count totalValue weightedValue } } }`;

describe('deals: PipelineSummary and forecast on real PostgreSQL and Kafka', () => {
  let h: DealsHarness;
  let ops: ReturnType<typeof dealOps>;
  const tenant = uniqueName('tenant');
  const manager: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };

  before(async () => {
    h = await startDealsHarness('deals_pipeline');
    ops = dealOps(h);
  });

  after(async () => {
    await h?.stop();
  });

  const pipelineEvents = async (tenantId: string) =>
    (await h.outbox(pipelineIdOf(tenantId))).filter((event) => event.eventType === 'pipeline.summary_changed');

  it("shows zeros at version 0 before the tenant's first deal", async () => {
    const empty = await h.call({ tenant: uniqueName('tenant'), roles: ['SALES_MANAGER'], sub: 'm' }, pipelineQuery);
    const summary = empty.data!['pipeline'];
    assert.equal(summary.version, 0);
    assert.equal(summary.changedAt, null);
    assert.deepEqual(
      summary.stages.map((stage: { stage: string; count: number; weightedValue: string }) => [
        stage.stage,
        stage.count,
        stage.weightedValue,
      ]),
      [
        ['LEAD', 0, '0.00'],
        ['QUALIFICATION', 0, '0.00'],
        ['DISCOVERY', 0, '0.00'],
        ['PROPOSAL', 0, '0.00'],
        ['NEGOTIATION', 0, '0.00'],
        ['CLOSED_WON', 0, '0.00'],
        ['CLOSED_LOST', 0, '0.00'],
      ],
    );
    assert.deepEqual(summary.totals, { count: 0, totalValue: '0.00', weightedValue: '0.00' });
  });

  it('sums per stage and in total with exact weighted values (Σ value × probability, rounded to cents once)', async () => {
    const company = await h.company(tenant, 'Ômega Óleos');
    await h.contact(tenant, company, 'ECONOMIC_BUYER');
    await h.contact(tenant, company, 'CHAMPION');
    await h.caughtUp();
    const deal = (value: string) => ops.create(manager, company, { estimatedValue: value });
    const qualified = async (value: string) => (await ops.score(manager, await deal(value), [5, 5, 5, 5, 5, 5])).deal;
    for (let i = 0; i < 3; i++) await deal('333.33'); // LEAD 5 %: 3 × 16.6665 = 49.9995 -> 50.00 (per-deal rounding would say 50.01)
    await ops.move(manager, await deal('1000.01'), 'QUALIFICATION'); // 10 %: 100.001 -> 100.00
    const discovery = (await ops.move(manager, await deal('2500.50'), 'DISCOVERY')).deal;
    await ops.update(manager, discovery, { probability: 33 }); // override 33 %: 825.165 -> 825.17 (half-up)
    await ops.move(manager, await qualified('12345.67'), 'PROPOSAL'); // 40 %: 4938.268 -> 4938.27
    await ops.move(manager, await qualified('99999.99'), 'NEGOTIATION'); // 60 %: 59999.994 -> 59999.99
    await ops.move(manager, await qualified('50000.00'), 'CLOSED_WON'); // 100 %
    await ops.move(manager, await deal('7777.77'), 'CLOSED_LOST', 'Concorrente'); // 0 %
    await h.pipelineCaughtUp();

    const summary = (await h.call(manager, pipelineQuery)).data!['pipeline'];
    assert.deepEqual(summary.stages, [
      { stage: 'LEAD', count: 3, totalValue: '999.99', weightedValue: '50.00' },
      { stage: 'QUALIFICATION', count: 1, totalValue: '1000.01', weightedValue: '100.00' },
      { stage: 'DISCOVERY', count: 1, totalValue: '2500.50', weightedValue: '825.17' },
      { stage: 'PROPOSAL', count: 1, totalValue: '12345.67', weightedValue: '4938.27' },
      { stage: 'NEGOTIATION', count: 1, totalValue: '99999.99', weightedValue: '59999.99' },
      { stage: 'CLOSED_WON', count: 1, totalValue: '50000.00', weightedValue: '50000.00' },
      { stage: 'CLOSED_LOST', count: 1, totalValue: '7777.77', weightedValue: '0.00' },
    ]);
    // Σ exact weighted = 115913.4275; open deals: 65913.4275.
    assert.deepEqual(summary.totals, { count: 9, totalValue: '174623.93', weightedValue: '115913.43' });
    assert.deepEqual(summary.openTotals, { count: 7, totalValue: '116846.16', weightedValue: '65913.43' });
    assert.equal(summary.id, pipelineIdOf(tenant));

    const events = await pipelineEvents(tenant);
    assert.equal(summary.version, events.length, 'one version per summary_changed event');
    assert.deepEqual(
      events.map((event) => event.aggregateVersion),
      events.map((_, index) => index + 1),
    );
    assert.deepEqual(
      events.at(-1)!.data,
      { stages: summary.stages, totals: summary.totals },
      'the query shows what the last event carried',
    );
    assert.deepEqual(
      [events.at(-1)!.aggregateType, events.at(-1)!.aggregateId, events.at(-1)!.tenantId],
      ['pipeline', pipelineIdOf(tenant), tenant],
    );
  });

  it('emits no pipeline event when a deal change leaves the totals as they were', async () => {
    const company = await h.company(tenant, 'Pi Papéis');
    const deal = await ops.create(manager, company, { estimatedValue: '100.00' });
    await h.pipelineCaughtUp();
    const before = (await pipelineEvents(tenant)).length;
    const pinned = await ops.update(manager, deal, { probability: 5 });
    assert.equal(pinned.problem, null);
    assert.ok(pinned.eventId, 'the deal itself changed (its probability is now pinned)');
    await h.pipelineCaughtUp();
    assert.equal((await pipelineEvents(tenant)).length, before);
    await ops.update(manager, pinned.deal, { estimatedValue: '100.01' });
    await h.pipelineCaughtUp();
    assert.equal((await pipelineEvents(tenant)).length, before + 1);
  });

  it('applies concurrent changes of one tenant one at a time: versions 1..n in order, each summary including all earlier changes', async () => {
    const busyTenant = uniqueName('tenant');
    const boss: Caller = { tenant: busyTenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };
    const company = await h.company(busyTenant, 'Rho Rações');
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, index) => ops.create(boss, company, { estimatedValue: `${100 + index}.00` })),
    );
    const moves = await Promise.all([
      ...created.slice(0, 6).map((deal) => ops.move(boss, deal, 'QUALIFICATION')),
      ops.move(boss, created[0]!, 'DISCOVERY'),
    ]);
    assert.equal(
      moves.filter((move) => move.problem?.reason === 'STALE_VERSION').length,
      1,
      'two moves of one deal at one version: one wins',
    );
    await h.pipelineCaughtUp();
    const events = await pipelineEvents(busyTenant);
    assert.deepEqual(
      events.map((event) => event.aggregateVersion),
      Array.from({ length: 18 }, (_, index) => index + 1),
      'each of the 12 creations and 6 moves moved the figures once',
    );
    // Deals travel on different partitions, so a move may be applied before another deal's
    // creation; but only creations change the count, one each, and no summary forgets one.
    const counts = events.map((event) => (event.data as { totals: { count: number } }).totals.count);
    assert.deepEqual(
      counts.filter((count, index) => count !== (counts[index - 1] ?? 0)),
      Array.from({ length: 12 }, (_, index) => index + 1),
      'no two creations saw the same pipeline',
    );
    const summary = (await h.call(boss, pipelineQuery)).data!['pipeline'];
    assert.deepEqual(
      [
        summary.version,
        summary.stages[0].count,
        summary.stages[1].count + summary.stages[2].count,
        summary.totals.totalValue,
      ],
      [18, 6, 6, '1266.00'],
    );
  });

  it("resolves the caller's own PipelineSummary by key and no other tenant's", async () => {
    const response = await h.call(
      manager,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on PipelineSummary { id version totals { count } } } }`,
      {
        reps: [
          { __typename: 'PipelineSummary', id: pipelineIdOf(tenant) },
          { __typename: 'PipelineSummary', id: pipelineIdOf('some-other-tenant') },
        ],
      },
    );
    assert.equal(response.errors, undefined);
    const [own, other] = response.data!['_entities'];
    assert.equal(own.id, pipelineIdOf(tenant));
    assert.ok(own.totals.count >= 10);
    assert.equal(other, null);
  });

  it('forecasts the weighted value of open deals by month of expected close, every month of the range included', async () => {
    const forecastTenant = uniqueName('tenant');
    const rep1: Caller = { tenant: forecastTenant, roles: ['SALES_REP'], sub: 'rep-1' };
    const rep2: Caller = { tenant: forecastTenant, roles: ['SALES_REP'], sub: 'rep-2' };
    const director: Caller = { tenant: forecastTenant, roles: ['COMMERCIAL_DIRECTOR'], sub: 'director-1' };
    const company = await h.company(forecastTenant, 'Sigma Seguros');
    await ops.create(rep1, company, { estimatedValue: '1000.00', expectedCloseDate: '2027-01-10' }); // 5 % -> 50.00
    await ops.update(
      rep1,
      await ops.create(rep1, company, { estimatedValue: '2000.00', expectedCloseDate: '2027-01-31' }),
      { probability: 50 },
    ); // 1000.00
    await ops.create(rep1, company, { estimatedValue: '3000.00', expectedCloseDate: '2027-03-15' }); // 150.00
    await ops.move(
      rep1,
      await ops.create(rep1, company, { estimatedValue: '4000.00', expectedCloseDate: '2027-01-20' }),
      'CLOSED_LOST',
      'Desistiu',
    ); // closed: out
    await ops.create(rep1, company, { estimatedValue: '5000.00', expectedCloseDate: '2027-05-01' }); // after the range: out
    await ops.create(rep1, company, { estimatedValue: '6000.00' }); // no date: out
    await ops.create(rep2, company, { estimatedValue: '100.00', expectedCloseDate: '2027-04-30' }); // rep-2's: 5.00

    const all = (await h.call(director, forecastQuery, { from: '2027-01-01', to: '2027-04-30' })).data!['forecast'];
    assert.deepEqual(all, {
      from: '2027-01-01',
      to: '2027-04-30',
      months: [
        { month: '2027-01', count: 2, totalValue: '3000.00', weightedValue: '1050.00' },
        { month: '2027-02', count: 0, totalValue: '0.00', weightedValue: '0.00' },
        { month: '2027-03', count: 1, totalValue: '3000.00', weightedValue: '150.00' },
        { month: '2027-04', count: 1, totalValue: '100.00', weightedValue: '5.00' },
      ],
      totals: { count: 4, totalValue: '6100.00', weightedValue: '1205.00' },
    });
    const own = (await h.call(rep1, forecastQuery, { from: '2027-01-01', to: '2027-04-30' })).data!['forecast'];
    assert.deepEqual(
      own.months.map((month: { weightedValue: string }) => month.weightedValue),
      ['1050.00', '0.00', '150.00', '0.00'],
      'a SALES_REP forecasts own deals',
    );
    assert.deepEqual(own.totals, { count: 3, totalValue: '6000.00', weightedValue: '1200.00' });
  });

  it('refuses a forecast range that is reversed or longer than 60 months, naming the field', async () => {
    for (const [from, to] of [
      ['2027-05-01', '2027-04-30'],
      ['2027-01-01', '2032-01-01'],
    ]) {
      const response = await h.call(manager, forecastQuery, { from, to });
      assert.deepEqual(
        [response.errors?.[0]?.extensions?.['code'], response.errors?.[0]?.extensions?.['field']],
        ['BAD_USER_INPUT', 'to'],
      );
    }
    assert.equal(
      (await h.call(manager, forecastQuery, { from: '2027-01-01', to: '2031-12-31' })).data!['forecast'].months.length,
      60,
    );
  });
});
