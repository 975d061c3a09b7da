import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuer, type Role } from '@salesgraph/auth';
import { parseConfig } from '@salesgraph/config';
import { createEvent, topics } from '@salesgraph/events';
import { createKafkaBus, type BusProducer, type MessageBus, developmentTopicPolicy } from '@salesgraph/kafka';
import { createLogger } from '@salesgraph/logging';
import { TEST_IDENTITY_SECRET, testKafkaBrokers, uniqueName, waitFor } from '@salesgraph/testkit';
import { createGatewayApp, type GatewayApp } from '../../app.js';
import { gatewayEnv } from '../../config.js';
import { collect, wsClient } from './clients.js';
import {
  composeStub,
  pipelineChangedField,
  startDealsStub,
  stubSdl,
  type DealsStub,
  type StubDeal,
} from './deals-stub.js';

export interface SubscriptionHarness {
  readonly app: GatewayApp;
  readonly stub: DealsStub;
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly supergraphPath: string;
  readonly devIssuerKeyFile: string;
  token(claims: { tenant: string; roles: readonly Role[]; sub?: string; ttlSeconds?: number }): Promise<string>;
  /** Stores the deal in the stub and publishes `eventType` for it to Kafka (as the deals outbox would). */
  dealEvent(eventType: 'deal.created' | 'deal.updated' | 'deal.stage_changed', deal: StubDeal): Promise<string>;
  /** The same for many deals in one send: a burst the consumer fetches together. Returns the event ids in order. */
  dealEvents(
    eventType: 'deal.created' | 'deal.updated' | 'deal.stage_changed',
    deals: readonly StubDeal[],
  ): Promise<string[]>;
  pipelineEvent(tenant: string): Promise<string>;
  /** Composes the stub with other Subscription fields and writes it where the gateway polls. */
  writeSupergraph(subscriptionFields: string): void;
  /** Sums a /metrics series (all labels, or one). */
  metric(name: string, label?: string): Promise<number>;
  /** Runs `start` (which subscribes `count` times) and waits until the gateway has started them all. */
  subscribing<T>(count: number, start: () => T | Promise<T>): Promise<T>;
  /** Waits until events published now are delivered (the consumer found its start offsets). */
  warmUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The gateway in process with subscriptions on: real Kafka (its own namespace), the deals
 * stub as its only subgraph, a development issuer for tokens, and a producer that publishes
 * events the way the outbox relay does.
 */
export async function startSubscriptionHarness(env: Record<string, string> = {}): Promise<SubscriptionHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-subscriptions-'));
  const keyFile = join(dir, 'dev-issuer.json');
  const issuer = await loadOrCreateDevIssuer(keyFile);
  const stub = await startDealsStub();
  const supergraphPath = join(dir, 'supergraph.graphql');
  const writeSupergraph = (fields: string) => writeFileSync(supergraphPath, composeStub(stub.url, stubSdl(fields)));
  writeSupergraph(pipelineChangedField);
  const namespace = uniqueName('gwsub');
  const config = parseConfig(gatewayEnv, {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    DEV_ISSUER_KEY_FILE: keyFile,
    SUPERGRAPH_PATH: supergraphPath,
    PERSISTED_OPERATIONS_PATH: '',
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    ...env,
  });
  const app = createGatewayApp({
    config,
    logger: createLogger('gateway-subscriptions', process.env['SUBSCRIPTION_TEST_LOG'] ?? 'silent'),
  });
  // One partition per topic: events are consumed in publishing order, so a test can use a later
  // event as a barrier ("the first message this subscriber gets is the later event").
  const bus: MessageBus = createKafkaBus({
    brokers: [testKafkaBrokers()],
    clientId: 'subscription-test',
    namespace,
    topicPolicy: { ...developmentTopicPolicy, partitions: 1 },
  });
  await bus.ensureTopics([topics.deal, topics.pipeline]);
  let producer: BusProducer | null = null;
  const versions = new Map<string, number>();
  const nextVersion = (id: string) => {
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    return version;
  };

  const harness: SubscriptionHarness = {
    app,
    stub,
    get wsUrl() {
      return app.url.replace('http://', 'ws://');
    },
    get httpUrl() {
      return app.url;
    },
    supergraphPath,
    devIssuerKeyFile: keyFile,
    token: (claims) => issuer.issue(claims),
    async dealEvent(eventType, deal) {
      const [eventId] = await harness.dealEvents(eventType, [deal]);
      return eventId!;
    },
    async dealEvents(eventType, deals) {
      const events = deals.map((deal) => {
        stub.deals.set(deal.id, deal);
        const snapshot = {
          id: deal.id,
          companyId: '00000000-0000-4000-8000-000000000001',
          ownerId: deal.ownerId,
          title: deal.title,
          stage: deal.stage as 'LEAD',
          estimatedValue: '1000.00',
          estimatedLives: 10,
          probability: 5,
          expectedCloseDate: null,
        };
        const data =
          eventType === 'deal.updated'
            ? { deal: snapshot, changed: ['title'] }
            : eventType === 'deal.stage_changed'
              ? { deal: snapshot, from: 'LEAD' as const, to: snapshot.stage }
              : { deal: snapshot };
        return createEvent({
          eventType,
          tenantId: deal.tenant,
          aggregateType: 'deal',
          aggregateId: deal.id,
          aggregateVersion: nextVersion(deal.id),
          source: 'deals',
          actor: null,
          data: data,
        });
      });
      await producer!.send(
        topics.deal,
        events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
      );
      return events.map((event) => event.eventId);
    },
    async pipelineEvent(tenant) {
      const id = randomUUID();
      const totals = { count: 1, totalValue: '1000.00', weightedValue: '50.00' };
      const event = createEvent({
        eventType: 'pipeline.summary_changed',
        tenantId: tenant,
        aggregateType: 'pipeline',
        aggregateId: id,
        aggregateVersion: 1,
        source: 'deals',
        actor: null,
        data: { stages: [{ stage: 'LEAD', ...totals }], totals },
      });
      await producer!.send(topics.pipeline, [{ key: id, value: JSON.stringify(event) }]);
      return event.eventId;
    },
    writeSupergraph,
    async metric(name, label) {
      const text = await (await fetch(app.url.replace('/graphql', '/metrics'))).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`) && (label === undefined || line.includes(`="${label}"}`)))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    },
    async subscribing(count, start) {
      const before = await harness.metric('salesgraph_gateway_subscription_starts_total');
      const result = await start();
      await waitFor(
        async () => (await harness.metric('salesgraph_gateway_subscription_starts_total')) >= before + count,
        {
          description: `${count} subscriptions to start`,
        },
      );
      return result;
    },
    async warmUp() {
      const tenant = uniqueName('warmup');
      const client = wsClient(harness.wsUrl, await issuer.issue({ tenant, roles: ['SALES_MANAGER'] }));
      const seen = collect(client, 'subscription { dealChanged { eventId } }');
      try {
        await waitFor(
          async () => {
            await harness.dealEvent('deal.created', {
              id: randomUUID(),
              tenant,
              ownerId: 'warmup',
              title: 'warm-up',
              stage: 'LEAD',
            });
            return seen.messages.length > 0;
          },
          { timeoutMs: 30_000, intervalMs: 500, description: 'the subscription consumer to deliver a warm-up event' },
        );
      } finally {
        seen.stop();
        await client.dispose();
      }
    },
    async stop() {
      await app.stop();
      await producer?.disconnect();
      await bus.close();
      await stub.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };

  await app.start();
  producer = await bus.producer();
  await waitFor(() => app.readiness(), {
    timeoutMs: 30_000,
    description: 'the gateway (and its subscription consumer) to be ready',
  });
  return harness;
}
