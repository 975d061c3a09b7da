import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName } from '@salesgraph/testkit';
import { startDealsHarness, type Caller, type DealsHarness } from '../testing/deals-harness.js';
import { dealOps } from '../testing/deal-operations.js';

/** The value of one series in Prometheus text (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('deals: /metrics (prom-client) on real PostgreSQL and Kafka', () => {
  let h: DealsHarness;
  const tenant = uniqueName('tenant');
  const rep: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-metrics' };
  const scrape = async () => {
    const response = await fetch(h.app.url.replace(/\/graphql$/, '/metrics'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  before(async () => {
    h = await startDealsHarness('deals_metrics');
  });

  after(async () => {
    await h?.stop();
  });

  it("reports the tenant's deals and pipeline value by stage, closed deals and MEDDIC bands from the tables", async () => {
    const ops = dealOps(h);
    const companyId = await h.company(tenant, 'Métricas Saúde Ltda');
    await ops.create(rep, companyId, { estimatedValue: '1500.50' });
    await ops.create(rep, companyId, { estimatedValue: '2000.00' });
    const lost = await ops.create(rep, companyId, { estimatedValue: '999.00' });
    assert.equal((await ops.move(rep, lost, 'CLOSED_LOST', 'Preço')).problem, null);

    const text = await scrape();
    assert.equal(sample(text, 'salesgraph_deals', { tenant, stage: 'LEAD' }), 2);
    assert.equal(sample(text, 'salesgraph_deals', { tenant, stage: 'CLOSED_LOST' }), 1);
    assert.equal(sample(text, 'salesgraph_pipeline_value_brl', { tenant, stage: 'LEAD' }), 3500.5);
    assert.equal(sample(text, 'salesgraph_deals_closed_total', { tenant, outcome: 'lost' }), 1);
    assert.equal(sample(text, 'salesgraph_deals_closed_total', { tenant, outcome: 'won' }), undefined);
    assert.equal(sample(text, 'salesgraph_deal_meddic_score_deals', { tenant, band: '0-19' }), 2);
    assert.match(text, /^# TYPE salesgraph_deals_closed_total counter$/m);
  });

  it('reports RED per operation, the outbox, consumer lag, the database pool and process metrics', async () => {
    const text = await scrape();
    assert.ok((sample(text, 'salesgraph_subgraph_operation_duration_seconds_count', { type: 'mutation' }) ?? 0) >= 1);
    assert.ok(sample(text, 'salesgraph_subgraph_operation_duration_seconds_bucket', { le: '+Inf' }) !== undefined);
    assert.ok(sample(text, 'salesgraph_outbox_backlog', { service: 'deals' }) !== undefined);
    assert.ok(sample(text, 'salesgraph_outbox_oldest_age_seconds', { service: 'deals' }) !== undefined);
    assert.ok(
      sample(text, 'salesgraph_consumer_lag', { service: 'deals', consumer: 'deals.pipeline-summary' }) !== undefined,
    );
    assert.ok(sample(text, 'salesgraph_db_pool_connections', { service: 'deals', state: 'idle' }) !== undefined);
    assert.match(text, /^process_cpu_seconds_total \d/m);
    assert.match(text, /^nodejs_eventloop_lag_p99_seconds \d/m);
  });
});
