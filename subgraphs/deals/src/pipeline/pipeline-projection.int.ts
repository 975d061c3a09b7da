import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EventEnvelope } from '@salesgraph/events';
import { rebuildProjection } from '@salesgraph/projection';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startDealsHarness, type Caller, type DealsHarness } from '../testing/deals-harness.js';
import { dealOps } from '../testing/deal-operations.js';
import { defaultProbability, stageOrder, type DealStage } from '../deal/deal-stage.js';
import { pipelineIdOf } from './pipeline-id.js';
import { pipelineSummaryProjection } from './pipeline.projection.js';

const pipelineQuery = `{ pipeline { id version changedAt stages { stage count totalValue weightedValue } totals { count totalValue weightedValue } openTotals { count totalValue weightedValue } } }`;
const eventStatusQuery = `query($eventId: ID!) { eventStatus(eventId: $eventId) { dealsPipelineSummary { projection applied } } }`;

type Totals = { count: number; totalValue: string; weightedValue: string };

/**
 * The oracle: the figures computed independently of the projection, in exact integer cents from
 * the deals' own rows (value × probability summed exactly, rounded half-up to cents once).
 */
function figuresOf(
  deals: readonly { stage: DealStage; estimated_value: string; probability_override: number | null }[],
) {
  const money = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  const totals = (subset: typeof deals): Totals => {
    const cents = subset.map((deal) => BigInt(deal.estimated_value.replace('.', '')));
    const weighted = subset.reduce(
      (sum, deal, index) => sum + cents[index]! * BigInt(deal.probability_override ?? defaultProbability[deal.stage]),
      0n,
    );
    return {
      count: subset.length,
      totalValue: money(cents.reduce((sum, value) => sum + value, 0n)),
      weightedValue: money((weighted * 2n + 100n) / 200n),
    };
  };
  return {
    stages: stageOrder.map((stage) => ({ stage, ...totals(deals.filter((deal) => deal.stage === stage)) })),
    totals: totals(deals),
    openTotals: totals(deals.filter((deal) => deal.stage !== 'CLOSED_WON' && deal.stage !== 'CLOSED_LOST')),
  };
}

describe('deals: the PipelineSummary projection (deals.pipeline-summary) on real Kafka and PostgreSQL', () => {
  let h: DealsHarness;
  let ops: ReturnType<typeof dealOps>;
  const tenants = [uniqueName('tenant_a'), uniqueName('tenant_b')];
  const managers: Caller[] = tenants.map((tenant) => ({ tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' }));

  before(async () => {
    h = await startDealsHarness('deals_pipeline_projection');
    ops = dealOps(h);
  });

  after(async () => {
    await h?.stop();
  });

  const summaryOf = async (caller: Caller) => {
    const response = await h.call(caller, pipelineQuery);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!['pipeline'];
  };
  const expectedOf = async (tenant: string) =>
    figuresOf(
      (
        await h.sql.query(
          'select stage, estimated_value::text, probability_override from deals.deal where tenant_id = $1',
          [tenant],
        )
      ).rows,
    );
  const pipelineEvents = async (tenant: string): Promise<EventEnvelope[]> =>
    (await h.outbox(pipelineIdOf(tenant))).filter((event) => event.eventType === 'pipeline.summary_changed');
  const projectionState = async () => ({
    deals: (
      await h.sql.query(
        'select id, tenant_id, created_at, updated_at, source_version, stage, estimated_value, probability from deals.pipeline_deal order by id',
      )
    ).rows,
    summaries: (
      await h.sql.query(
        'select id, tenant_id, created_at, updated_at, stages, totals, open_totals from deals.pipeline_summary order by id',
      )
    ).rows,
    versions: (await h.sql.query('select id, tenant_id, version from deals.pipeline order by id')).rows,
    announced: (
      await h.sql.query(
        `select count(*)::int as n from deals.outbox where payload->>'eventType' = 'pipeline.summary_changed'`,
      )
    ).rows[0].n,
  });

  /** A stream of creates, value and probability changes, stage moves, a win, a loss and a reopen in one tenant. */
  async function dealStream(caller: Caller, seed: number) {
    const company = await h.company(caller.tenant, `Empresa ${seed}`);
    await h.contact(caller.tenant, company, 'ECONOMIC_BUYER');
    await h.contact(caller.tenant, company, 'CHAMPION');
    await h.caughtUp();
    const create = (value: string) => ops.create(caller, company, { estimatedValue: value });
    const qualified = async (value: string) => (await ops.score(caller, await create(value), [5, 5, 5, 5, 5, 5])).deal;
    const small = await Promise.all([create(`${seed}33.33`), create(`${seed}33.33`), create('0.01')]);
    const revalued = (await ops.update(caller, small[0], { estimatedValue: `${seed}99.99` })).deal;
    await ops.update(caller, revalued, { probability: 33 });
    await ops.move(caller, small[1], 'DISCOVERY');
    const negotiating = (await ops.move(caller, await qualified(`${seed}2345.67`), 'NEGOTIATION')).deal;
    await ops.update(caller, negotiating, { estimatedValue: `${seed}2000.05` });
    await ops.move(caller, await qualified(`${seed}9999.99`), 'CLOSED_WON');
    const lost = (await ops.move(caller, await create('7777.77'), 'CLOSED_LOST', 'Preço')).deal;
    assert.equal((await ops.move(caller, lost, 'QUALIFICATION')).problem, null, 'reopened');
  }

  it('equals the figures computed from the deals after a stream of creates, value changes and stage moves in two tenants, announced live with versions 1..n', async () => {
    await Promise.all([dealStream(managers[0]!, 1), dealStream(managers[1]!, 2)]);
    await h.pipelineCaughtUp();
    for (const [index, tenant] of tenants.entries()) {
      const summary = await summaryOf(managers[index]!);
      const expected = await expectedOf(tenant);
      assert.equal(expected.totals.count, 6);
      assert.deepEqual(
        { stages: summary.stages, totals: summary.totals, openTotals: summary.openTotals },
        expected,
        `tenant ${index}`,
      );
      const events = await pipelineEvents(tenant);
      // 6 creations, 2 value and 1 probability changes, 5 moves (a win's deal.won moves nothing more
      // than its stage_changed); the MEDDIC scores move nothing.
      assert.equal(events.length, 14);
      assert.deepEqual(
        events.map((event) => event.aggregateVersion),
        events.map((_, position) => position + 1),
        'versions 1, 2, 3 ... in commit order',
      );
      assert.equal(summary.version, events.length);
      assert.deepEqual(
        events.at(-1)!.data,
        { stages: expected.stages, totals: expected.totals },
        'the last announcement carries the current figures',
      );
      assert.ok(
        events.every((event) => event.tenantId === tenant && event.actor === 'manager-1'),
        "announced in the tenant, on behalf of the deal change's actor",
      );
      assert.ok(Date.parse(summary.changedAt) > 0);
    }
  });

  it('answers eventStatus.dealsPipelineSummary for a deal change, after which the pipeline shows it', async () => {
    const caller = managers[0]!;
    const company = await h.company(caller.tenant, 'Empresa RYW');
    const deal = await ops.create(caller, company, { estimatedValue: '1000.00' });
    const moved = await ops.move(caller, deal, 'CLOSED_LOST', 'Sem orçamento');
    assert.equal(moved.problem, null);
    const status = await waitFor(
      async () => {
        const response = await h.call(caller, eventStatusQuery, { eventId: moved.eventId });
        assert.equal(response.errors, undefined, JSON.stringify(response.errors));
        return response.data!['eventStatus'].dealsPipelineSummary.applied
          ? response.data!['eventStatus'].dealsPipelineSummary
          : undefined;
      },
      { description: 'deals.pipeline-summary to apply deal.lost', intervalMs: 50 },
    );
    assert.equal(status.projection, 'deals.pipeline-summary');
    const outbox = await h.outbox(deal.id);
    assert.equal(
      outbox.find((event) => event.eventId === moved.eventId)?.eventType,
      'deal.lost',
      "the token is the move's last event",
    );
    const summary = await summaryOf(caller);
    assert.deepEqual(
      summary.stages.find((stage: { stage: string }) => stage.stage === 'CLOSED_LOST'),
      (await expectedOf(caller.tenant)).stages.find((stage) => stage.stage === 'CLOSED_LOST'),
    );
  });

  it('ends equal when rebuilt from empty tables, announcing nothing, and keeps the pipeline version increasing afterwards', async () => {
    await h.pipelineCaughtUp();
    const incremental = await projectionState();
    assert.deepEqual([incremental.deals.length, incremental.summaries.length], [13, 2]);
    const consumer = h.app.projections.find((projection) => projection.name === 'deals.pipeline-summary')!;
    await consumer.stop();
    // Damage the projection so that only a real rebuild can make it equal again.
    await h.sql.query(
      `delete from deals.pipeline_deal where id in (select id from deals.pipeline_deal order by id limit 5)`,
    );
    await h.sql.query(
      `update deals.pipeline_summary set totals = '{"count": 0, "totalValue": "0.00", "weightedValue": "0.00"}'`,
    );

    const { applied } = await rebuildProjection({
      definition: pipelineSummaryProjection,
      bus: h.bus,
      em: h.app.orm.em,
      schema: 'deals',
      pollMs: 50,
    });
    const dealEvents = (await h.outbox()).filter((event) => event.aggregateType === 'deal').length;
    assert.equal(applied, dealEvents, 'every deal event replayed once');
    assert.deepEqual(
      await projectionState(),
      incremental,
      'same rows, same figures, same versions, no new announcement',
    );
    for (const [index, tenant] of tenants.entries())
      assert.deepEqual((await summaryOf(managers[index]!)).totals, (await expectedOf(tenant)).totals);

    await consumer.start();
    const [tenant] = tenants;
    const lastVersion = (await pipelineEvents(tenant!)).at(-1)!.aggregateVersion;
    const company = await h.company(tenant!, 'Empresa depois');
    await ops.create(managers[0]!, company, { estimatedValue: '5.00' });
    await h.pipelineCaughtUp();
    assert.deepEqual(
      (await pipelineEvents(tenant!)).slice(-1).map((event) => event.aggregateVersion),
      [lastVersion + 1],
      'the next change continues the version',
    );
    const summary = await summaryOf(managers[0]!);
    assert.equal(summary.version, lastVersion + 1);
    assert.deepEqual(summary.totals, (await expectedOf(tenant!)).totals);
  });
});
