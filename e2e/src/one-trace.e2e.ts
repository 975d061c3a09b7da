import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from 'graphql-ws';
import { uniqueName, waitFor, type GraphQLResponse } from '@salesgraph/testkit';
import { cnpjFor } from './fixtures/cnpj.js';
import { gauge } from './fixtures/metrics.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './fixtures/otlp-receiver.js';
import { connectAs, subscribe, subscribing, warmUpSubscriptions } from './fixtures/subscriptions.js';
import { startStack, type Stack } from './stack.js';

const createCompany = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } } }`;
const createDeal = `mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id version } } }`;
const moveDealStage = `mutation OneTraceMove($input: MoveDealStageInput!) {
  moveDealStage(input: $input) { deal { stage } problem { reason } eventId }
}`;

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * Tracing end to end on real Kafka and PostgreSQL: each process exports its spans over
 * OTLP/HTTP (JSON) to a receiver the test runs, and one mutation's spans — gateway, deals
 * (with SQL), the outbox relay, a projection of the accounts subgraph, and the gateway's
 * delivery of the subscription frame — form ONE connected trace.
 */
describe('one trace from a mutation to the subscriber (gateway, accounts, deals processes, OTLP receiver)', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  let client: Client | undefined;
  const tenant = uniqueName('trace');

  before(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({
      subgraphs: ['accounts', 'deals'],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    });
    await warmUpSubscriptions(stack);
  });

  after(async () => {
    await client?.dispose();
    await stack?.stop();
    await receiver?.close();
  });

  const ok = (response: GraphQLResponse): Record<string, any> => {
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!;
  };

  it('moveDealStage: gateway -> deals with SQL -> relay -> accounts projection -> dealChanged delivery, one trace id', async () => {
    const token = await stack.token({ tenant, roles: ['SALES_MANAGER'] });
    const companyId = ok(
      await stack.query(token, createCompany, {
        input: { legalName: 'Rastreio Saúde Ltda', cnpj: cnpjFor(Date.now() % 100_000_000), employeeCount: 20 },
      }),
    )['createCompany'].company.id as string;
    const deal = ok(
      await stack.query(token, createDeal, {
        input: { companyId, title: 'Plano rastreado', estimatedValue: '12000.00', estimatedLives: 30 },
      }),
    )['createDeal'].deal as { id: string; version: number };
    client = connectAs(stack.gatewayUrl, token);
    const watcher = client;
    const frames = await subscribing(stack.gatewayUrl, 1, () =>
      subscribe(watcher, 'subscription { dealChanged { eventType deal { id stage } } }'),
    );
    // The projection has applied everything before the move, so the move's event is processed on its own.
    const accountsMetrics = stack.subgraphUrls['accounts']!.replace('/graphql', '/metrics');
    await waitFor(
      async () =>
        (await gauge(accountsMetrics, 'salesgraph_consumer_lag', { consumer: 'accounts.account-metrics' })) === 0,
      {
        description: 'accounts.account-metrics to catch up',
      },
    );

    const moved = ok(
      await stack.query(token, moveDealStage, {
        input: { id: deal.id, version: deal.version, stage: 'QUALIFICATION' },
      }),
    )['moveDealStage'];
    assert.equal(moved.problem, null);
    const [frame] = await frames.until(1, 'the dealChanged frame of the move');
    assert.deepEqual(frame!.data, {
      dealChanged: { eventType: 'deal.stage_changed', deal: { id: deal.id, stage: 'QUALIFICATION' } },
    });

    const operation = await waitFor(
      () =>
        receiver.spans.find(
          (span) =>
            span.service === 'gateway' &&
            span.kind === SERVER &&
            span.attributes['graphql.operation.name'] === 'OneTraceMove',
        ),
      { description: "the gateway's operation span" },
    );
    const inTrace = () => receiver.spans.filter((span) => span.traceId === operation.traceId);
    const find = (description: string, match: (span: ReceivedSpan) => boolean) =>
      waitFor(() => inTrace().find(match), { timeoutMs: 20_000, description });

    // The operation: a server span named as GraphQL says, with the document hash and the tenant, no variables.
    assert.equal(operation.kind, SERVER);
    assert.equal(operation.name, 'mutation OneTraceMove');
    assert.equal(operation.parentSpanId, '');
    assert.match(String(operation.attributes['graphql.document.hash']), /^[0-9a-f]{64}$/);
    assert.equal(operation.attributes['salesgraph.tenant'], tenant);
    assert.ok(!JSON.stringify(operation.attributes).includes(deal.id), 'the operation span carries variables');

    const plan = await find("Apollo Gateway's planning span", (span) => span.name === 'gateway.plan');
    const fetch = await find('the fetch from deals', (span) => span.kind === CLIENT && span.name === 'POST deals');
    const dealsServer = await find('the deals server span', (span) => span.service === 'deals' && span.kind === SERVER);
    const sql = await find(
      'an UPDATE of the deal',
      (span) =>
        span.service === 'deals' &&
        /update/i.test(String(span.attributes['db.query.text'] ?? span.attributes['db.statement'] ?? '')),
    );
    const send = await find(
      'the relay publishing the event',
      (span) => span.kind === PRODUCER && span.service === 'deals',
    );
    const projection = await find(
      'the accounts projection processing it',
      (span) =>
        span.service === 'accounts' &&
        span.kind === CONSUMER &&
        span.attributes['messaging.consumer.group.name'] === 'accounts.account-metrics',
    );
    const gatewayConsumer = await find(
      "the gateway's subscription consumer",
      (span) => span.service === 'gateway' && span.kind === CONSUMER,
    );
    const delivery = await find('the delivery of dealChanged', (span) => span.name === 'deliver dealChanged');

    assert.equal(plan.service, 'gateway');
    assert.equal(dealsServer.parentSpanId, fetch.spanId, 'deals continues the trace the gateway sent');
    assert.equal(sql.attributes['db.system'] ?? sql.attributes['db.system.name'], 'postgresql');
    assert.equal(send.parentSpanId, dealsServer.spanId, "the event was published in the write's trace");
    assert.equal(send.attributes['messaging.destination.name'], 'deals.deal.events');
    assert.equal(projection.parentSpanId, send.spanId);
    assert.deepEqual(projection.links, [{ traceId: operation.traceId, spanId: send.spanId }]);
    assert.ok(
      inTrace().some((span) => span.service === 'accounts' && span.parentSpanId === projection.spanId),
      'the projection SQL',
    );
    assert.equal(gatewayConsumer.parentSpanId, send.spanId);
    assert.equal(delivery.parentSpanId, gatewayConsumer.spanId);
    assert.equal(delivery.attributes['salesgraph.subscribers'], 1);
    // Every span of the trace hangs from another span of it: one tree rooted at the operation.
    const orphans = () => {
      const ids = new Set(inTrace().map((span) => span.spanId));
      return inTrace().filter((span) => span !== operation && !ids.has(span.parentSpanId));
    };
    await waitFor(() => orphans().length === 0, {
      timeoutMs: 20_000,
      description: 'every span of the trace to have its parent',
    }).catch(() =>
      assert.deepEqual(
        orphans().map((span) => `${span.service} ${span.name}`),
        [],
      ),
    );
    assert.deepEqual(receiver.rejected, []);
  });
});
