import { randomUUID } from 'node:crypto';
import { getOperationAST, parse, type GraphQLSchema } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { createEvent, topics } from '@salesgraph/events';
import type { BusMessage, MessageBus, MessageHandler } from '@salesgraph/kafka';
import { createLogger } from '@salesgraph/logging';
import { createMetricsRegistry } from '@salesgraph/telemetry';
import { waitFor } from '@salesgraph/testkit';
import type { SubscriptionQuota } from '../../quota/subscription-quota.js';
import type { ExecuteAs } from '../entity-loader.js';
import { isErrorList } from '../operation-request.js';
import { SubscriptionEngine } from '../subscription-engine.js';
import { apiSchemaOf } from './api-schema.js';
import { composeStub, pipelineChangedField, stubSdl } from './deals-stub.js';
import { createSubscriptionMetrics } from '../subscription-metrics.js';

export const manager: Identity = { sub: 'manager-1', tenant: 'acme', roles: ['SALES_MANAGER'], scopes: [] };

/** A deal.created event of the manager's tenant as Kafka would hand it over; and the deal's id. */
export function dealCreated(partition: number, offset: number, title: string): { message: BusMessage; id: string } {
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
  const value = Buffer.from(JSON.stringify(event));
  return {
    message: { topic: topics.deal, partition, offset: String(offset), key: deal.id, value, headers: {} },
    id: deal.id,
  };
}

/**
 * A bus that hands the engine whatever the test delivers, as Kafka would (offsets included);
 * its topics have three partitions that end at `ends` when the engine starts consuming.
 */
export function scriptedBus(ends: readonly number[] = [0, 0, 0]) {
  const handlers: MessageHandler[] = [];
  const bus = {
    ensureTopics: async () => undefined,
    endOffsets: async (names: readonly string[]) =>
      names.flatMap((topic) => ends.map((offset, partition) => ({ topic, partition, offset: String(offset) }))),
    consumer: async () => ({
      run: async (handler: MessageHandler) => void handlers.push(handler),
      runBatches: async () => undefined,
      stop: async () => undefined,
    }),
  } as unknown as MessageBus;
  /** Hands over one message. */
  const hand = async (message: BusMessage): Promise<void> => {
    await waitFor(() => handlers.length > 0, { description: 'the engine to consume' });
    await handlers[0]!(message);
  };
  /** Hands over a deal.created at `offset` of partition 0; returns the deal's id. */
  const deliver = async (offset: number, title: string): Promise<string> => {
    const { message, id } = dealCreated(0, offset, title);
    await hand(message);
    return id;
  };
  return { bus, deliver, hand };
}

/** The deals stub's supergraph (with pipelineChanged) and its API schema. */
export interface ScriptedGraph {
  readonly api: GraphQLSchema;
  readonly supergraph: string;
}

export async function scriptedGraph(): Promise<ScriptedGraph> {
  const supergraph = composeStub('http://127.0.0.1:1/graphql', stubSdl(pipelineChangedField));
  return { api: await apiSchemaOf(supergraph), supergraph };
}

/**
 * An engine over a scripted bus (`ends`: where its topics' three partitions end when it starts),
 * on the API schema of `supergraph`, loads answered by `executeAs`; `subscribe` as the manager
 * returns the array the messages land in.
 */
export function startScriptedEngine(
  graph: ScriptedGraph,
  executeAs: ExecuteAs,
  quota?: SubscriptionQuota,
  ends?: readonly number[],
) {
  const { bus, deliver, hand } = scriptedBus(ends);
  const registry = createMetricsRegistry();
  const metrics = createSubscriptionMetrics(registry);
  const engine = new SubscriptionEngine({
    bus,
    groupId: 'gateway.spec',
    executeAs,
    logger: createLogger('engine-spec', 'silent'),
    metrics,
    queueMax: 16,
    resume: { eventsPerTenant: 16, tenantsPerTopic: 16 },
    fetchConcurrency: 4,
    loadRetryDelaysMs: [1, 1],
    quota,
  });
  engine.updateSchema(graph.api, graph.supergraph);
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
  return { engine, deliver, hand, subscribe, registry };
}
