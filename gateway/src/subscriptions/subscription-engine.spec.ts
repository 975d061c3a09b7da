import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { getOperationAST, parse, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { createEvent, topics } from '@salesgraph/events';
import type { BusMessage, MessageBus, MessageHandler } from '@salesgraph/kafka';
import { createLogger } from '@salesgraph/logging';
import { waitFor } from '@salesgraph/testkit';
import type { ExecuteAs } from './entity-loader.js';
import { isErrorList } from './operation-request.js';
import { SubscriptionEngine } from './subscription-engine.js';
import { createSubscriptionMetrics } from './subscription-metrics.js';
import { createMetricsRegistry } from '@salesgraph/telemetry';
import { apiSchemaOf } from './testing/api-schema.js';
import { composeStub, pipelineChangedField, stubSdl } from './testing/deals-stub.js';

const manager: Identity = { sub: 'manager-1', tenant: 'acme', roles: ['SALES_MANAGER'], scopes: [] };

/** A bus that hands the engine whatever the test delivers, as Kafka would (offsets included). */
function scriptedBus() {
  const handlers: MessageHandler[] = [];
  const bus = {
    ensureTopics: async () => undefined,
    consumer: async () => ({
      run: async (handler: MessageHandler) => void handlers.push(handler),
      runBatches: async () => undefined,
      stop: async () => undefined,
    }),
  } as unknown as MessageBus;
  /** Hands over a deal.created at `offset`; returns the deal's id. */
  const deliver = async (offset: number, title: string): Promise<string> => {
    await waitFor(() => handlers.length > 0, { description: 'the engine to consume' });
    const deal = {
      id: randomUUID(),
      companyId: randomUUID(),
      ownerId: 'rep-1',
      title,
      stage: 'LEAD' as const,
      estimatedValue: '1.00',
      estimatedLives: 1,
      probability: 5,
      expectedCloseDate: null,
    };
    const event = createEvent({
      eventType: 'deal.created',
      tenantId: manager.tenant,
      aggregateType: 'deal',
      aggregateId: deal.id,
      aggregateVersion: 1,
      source: 'deals',
      actor: null,
      data: { deal },
    });
    const message: BusMessage = {
      topic: topics.deal,
      partition: 0,
      offset: String(offset),
      key: deal.id,
      value: Buffer.from(JSON.stringify(event)),
      headers: {},
    };
    await handlers[0]!(message);
    return deal.id;
  };
  return { bus, deliver };
}

describe('the subscription engine (a scripted bus, loads answered in process)', () => {
  let api: GraphQLSchema;
  let supergraph: string;

  before(async () => {
    supergraph = composeStub('http://127.0.0.1:1/graphql', stubSdl(pipelineChangedField));
    api = await apiSchemaOf(supergraph);
  });

  const start = (executeAs: ExecuteAs) => {
    const { bus, deliver } = scriptedBus();
    const registry = createMetricsRegistry();
    const metrics = createSubscriptionMetrics(registry);
    const engine = new SubscriptionEngine({
      bus,
      groupId: 'gateway.spec',
      epoch: 'spec',
      executeAs,
      logger: createLogger('engine-spec', 'silent'),
      metrics,
      queueMax: 16,
      resume: { eventsPerTenant: 16, tenantsPerTopic: 16 },
      fetchConcurrency: 4,
      loadRetryDelaysMs: [1, 1],
    });
    engine.updateSchema(api, supergraph);
    engine.start();
    const subscribe = (query: string) => {
      const document = parse(query);
      const sent: unknown[] = [];
      const outbox = engine.subscribe({ document, operation: getOperationAST(document)!, variables: {} }, manager, {
        send: (messages) => sent.push(...messages.map((message) => JSON.parse(message.text) as unknown)),
        overflow: () => undefined,
      });
      if (isErrorList(outbox)) throw outbox[0]!;
      void outbox.next();
      return sent;
    };
    return { engine, deliver, subscribe, registry };
  };

  it('sends one message text per selection and event to every subscriber, and skips an event the bus hands over again', async () => {
    let loads = 0;
    const { deliver, subscribe, registry } = start(async (_query, variables) => {
      loads++;
      return { data: { deal: { title: `deal ${String(variables['subscriptionEntityId']).length}` } } };
    });
    const subscribers = Array.from({ length: 5 }, () =>
      subscribe('subscription { dealChanged { eventType deal { title } } }'),
    );
    await deliver(7, 'first');
    await deliver(7, 'first again'); // a rebalance: the same offset once more
    await deliver(8, 'second');
    await waitFor(() => subscribers.every((sent) => sent.length === 2), { description: 'both events everywhere' });
    assert.equal(loads, 2);
    assert.deepEqual(subscribers[4], [
      { data: { dealChanged: { eventType: 'deal.created', deal: { title: 'deal 36' } } } },
      { data: { dealChanged: { eventType: 'deal.created', deal: { title: 'deal 36' } } } },
    ]);
    assert.match(
      await registry.metrics(),
      /salesgraph_gateway_subscription_events_redelivered_total\{topic="deals.deal.events"\} 1/,
    );
  });

  it('matches filters per subscriber: the same selection with other filter arguments is another group', async () => {
    const { deliver, subscribe } = start(async () => ({ data: { deal: { title: 'LEAD deal' } } }));
    const leads = subscribe('subscription { dealChanged(filter: { stages: ["LEAD"] }) { deal { title } } }');
    const proposals = subscribe('subscription { dealChanged(filter: { stages: ["PROPOSAL"] }) { deal { title } } }');
    const everything = subscribe('subscription { dealChanged { deal { title } } }');
    await deliver(1, 'a LEAD deal');
    await waitFor(() => leads.length === 1 && everything.length === 1, { description: 'the matching subscribers' });
    assert.deepEqual(proposals, []);
  });

  it("tries a load that failed on the way again, and keeps each subscriber's order meanwhile", async () => {
    let calls = 0;
    const unavailable: FormattedExecutionResult = {
      data: { deal: null },
      errors: [
        {
          message: 'A part of the graph is temporarily unavailable',
          path: ['deal'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
        },
      ],
    };
    const { deliver, subscribe } = start(async (_query, variables) => {
      calls++;
      return calls === 1 ? unavailable : { data: { deal: { id: variables['subscriptionEntityId'] } } };
    });
    const sent = subscribe('subscription { dealChanged { eventType deal { id } } }');
    const first = await deliver(1, 'fails once');
    const second = await deliver(2, 'loads at once');
    await waitFor(() => sent.length === 2, { description: 'both messages' });
    assert.equal(calls, 3);
    assert.deepEqual(
      sent,
      [first, second].map((id) => ({ data: { dealChanged: { eventType: 'deal.created', deal: { id } } } })),
    );
  });

  it('sends the snapshot signal with the errors when a load keeps failing, and nothing for an entity the subscriber may not see', async () => {
    let failing = false;
    const { deliver, subscribe } = start(async () =>
      failing
        ? {
            data: { deal: null },
            errors: [
              {
                message: 'A part of the graph is temporarily unavailable',
                path: ['deal'],
                extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
              },
            ],
          }
        : { data: { deal: null } },
    );
    const sent = subscribe('subscription { dealChanged { eventId eventType deal { id } } }');
    await deliver(1, 'not visible');
    failing = true;
    await deliver(2, 'never loads');
    await waitFor(() => sent.length === 1, { description: 'the snapshot signal' });
    assert.deepEqual(sent[0], {
      data: { dealChanged: { eventId: null, eventType: 'snapshot', deal: null } },
      errors: [
        {
          message: 'A part of the graph is temporarily unavailable',
          path: ['dealChanged', 'deal'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
        },
      ],
    });
  });
});
