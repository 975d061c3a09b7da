import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { companyWithDeals } from './fixtures/company-deals.js';
import { startPrometheus, type RunningPrometheus } from './fixtures/prometheus.js';
import { startStack, type Stack } from './stack.js';

const alertRules = fileURLToPath(new URL('../../docker/prometheus/alerts.yml', import.meta.url));
const dashboard = fileURLToPath(new URL('../../docker/grafana/salesgraph.json', import.meta.url));
const createDeal = `mutation PromCreateDeal($input: CreateDealInput!) { createDeal(input: $input) { deal { id version } problem { reason } } }`;

/**
 * A real Prometheus (Debian's package) scrapes every process of the graph — the gateway and the
 * five subgraphs — with the alert rules loaded; PromQL over what it scraped shows an operation's
 * request histogram and a business metric of the tenant the test wrote.
 */
describe("Prometheus scraping every process (gateway and five subgraphs, Debian's prometheus)", () => {
  let stack: Stack;
  let prometheus: RunningPrometheus;
  const tenant = uniqueName('prom');

  before(async () => {
    stack = await startStack({ subgraphs: ['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows'] });
    const targets: Record<string, string> = { gateway: new URL(stack.gatewayUrl).host };
    for (const [name, url] of Object.entries(stack.subgraphUrls)) targets[name] = new URL(url).host;
    prometheus = await startPrometheus(targets, [alertRules]);
  });

  after(async () => {
    await prometheus?.stop();
    await stack?.stop();
  });

  it('scrapes all six processes', async () => {
    const health = await waitFor(
      async () => {
        const targets = await prometheus.targets();
        return Object.keys(targets).length === 6 && Object.values(targets).every((h) => h === 'up') && targets;
      },
      { description: 'every target up' },
    );
    assert.deepEqual(Object.keys(health).sort(), [
      'accounts',
      'beneficiaries',
      'contracts',
      'deals',
      'gateway',
      'workflows',
    ]);
    const processMetrics = await prometheus.query('count by (job) (process_resident_memory_bytes)');
    assert.equal(processMetrics.length, 6);
  });

  it("shows an operation's request histogram and the tenant's deals by stage through PromQL", async () => {
    const token = await stack.token({ tenant, roles: ['SALES_MANAGER'] });
    await companyWithDeals(
      stack,
      token,
      createDeal,
      'Prometeu Saúde Ltda',
      ['Plano A', 'Plano B', 'Plano C'].map((title) => ({ title, estimatedValue: '5000.00' })),
    );

    const buckets = await waitFor(
      async () => {
        const result = await prometheus.query(
          'sum by (le) (salesgraph_gateway_operation_duration_seconds_bucket{operation="PromCreateDeal",type="mutation"})',
        );
        return (result.find((sample) => sample.metric['le'] === '+Inf')?.value ?? 0) >= 3 && result;
      },
      { description: 'the PromCreateDeal histogram with the 3 requests (and any sent again while not yet visible)' },
    );
    assert.ok(buckets.length > 5, 'one series per bucket');
    const counts = [...buckets]
      .sort(
        (a, b) =>
          Number(a.metric['le']!.replace('+Inf', 'Infinity')) - Number(b.metric['le']!.replace('+Inf', 'Infinity')),
      )
      .map((sample) => sample.value);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
      'cumulative buckets',
    );
    const p99 = await waitFor(
      async () => {
        const [sample] = await prometheus.query(
          // Over the cumulative buckets, not increase(): when every request falls between two scrapes,
          // the series is first seen complete, its increase is 0 and the quantile of nothing is NaN.
          'histogram_quantile(0.99, sum by (le) (salesgraph_gateway_operation_duration_seconds_bucket{operation="PromCreateDeal"}))',
        );
        return sample && Number.isFinite(sample.value) && sample.value;
      },
      { description: 'a p99 of PromCreateDeal' },
    );
    assert.ok(p99 > 0);

    const deals = await waitFor(
      async () => {
        const [sample] = await prometheus.query(`salesgraph_deals{tenant="${tenant}",stage="LEAD"}`);
        return sample?.value === 3 && sample;
      },
      { description: "the tenant's 3 LEAD deals in salesgraph_deals" },
    );
    assert.equal(deals.metric['job'], 'deals');
    const [value] = await prometheus.query(`salesgraph_pipeline_value_brl{tenant="${tenant}",stage="LEAD"}`);
    assert.equal(value?.value, 15000);
    const subgraphRequests = await prometheus.query(
      'sum by (subgraph) (salesgraph_gateway_subgraph_request_duration_seconds_count{subgraph="deals"})',
    );
    assert.ok((subgraphRequests[0]?.value ?? 0) >= 3);
  });

  it('reads every business metric from the subgraph tables without a failure', async () => {
    // Scraped a few times since the deals were written.
    await waitFor(async () => (await prometheus.query('count_over_time(up{job="workflows"}[1m]) > 5')).length === 1, {
      description: 'a few scrapes of workflows',
    });
    assert.deepEqual(await prometheus.query('salesgraph_business_metric_read_failures_total > 0'), []);
  });

  it("answers every query of the Grafana dashboard, the business panels with the test tenant's data", async () => {
    const { panels } = JSON.parse(readFileSync(dashboard, 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const queries = panels.flatMap((panel) => (panel.targets ?? []).map(({ expr }) => ({ panel: panel.title, expr })));
    assert.ok(queries.length > 30);
    for (const { panel, expr } of queries) {
      const promql = expr
        .replaceAll('$tenant', tenant)
        .replaceAll('$operation', '.*')
        .replaceAll('$__rate_interval', '1m');
      await assert.doesNotReject(prometheus.query(promql), `panel "${panel}": ${expr}`);
    }
    const byStage = await prometheus.query(`max by (stage) (salesgraph_deals{tenant=~"${tenant}"})`);
    assert.deepEqual(byStage, [{ metric: { stage: 'LEAD' }, value: 3 }]);
  });

  it('evaluates the alert rules over the scraped series without errors', async () => {
    const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    const rules = body.data.groups.flatMap((group) => group.rules);
    assert.ok(rules.length >= 10);
    await waitFor(
      async () => {
        const current = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as typeof body;
        return current.data.groups.flatMap((group) => group.rules).every((rule) => rule.health === 'ok');
      },
      { description: 'every rule evaluated healthy' },
    );
  });
});
