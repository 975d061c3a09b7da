import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseConfig } from '@salesgraph/config';
import type { Role } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { createKafkaBus, type BusConsumer, type BusProducer, type MessageBus } from '@salesgraph/kafka';
import { parseEvent, topics, type EventEnvelope } from '@salesgraph/events';
import type { SubgraphService } from '@salesgraph/subgraph';
import {
  TEST_IDENTITY_SECRET,
  createTestDatabase,
  graphqlRequest,
  identityHeaders,
  testKafkaBrokers,
  uniqueName,
  waitFor,
  type GraphQLResponse,
  type TestDatabase,
} from '@salesgraph/testkit';
import { workflowsEnv } from '../config.js';
import { createWorkflowsApp } from '../app.js';
import type { Clock } from '../clock.js';

export interface Caller {
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly sub?: string;
}

/**
 * One workflows app on its own database and Kafka namespace, a producer to feed its consumers
 * with real events, and an observer of what it publishes (process and task topics).
 */
export interface WorkflowsHarness {
  readonly app: SubgraphService;
  readonly db: TestDatabase;
  readonly sql: pg.Client;
  readonly bus: MessageBus;
  /** Every event the relay published to the workflows topics, in arrival order. */
  readonly published: EventEnvelope[];
  publish(topic: string, ...events: EventEnvelope[]): Promise<void>;
  /** Publishes, then waits until both consumers have applied everything on their topics. */
  deliver(topic: string, ...events: EventEnvelope[]): Promise<void>;
  caughtUp(): Promise<void>;
  call(query: string, variables: Record<string, unknown>, caller: Caller): Promise<GraphQLResponse>;
  /** Outbox rows of this database, parsed, oldest first (optionally of one event type). */
  outbox(eventType?: string): Promise<EventEnvelope[]>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly prefix: string;
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  readonly onQuery?: (sql: string) => void;
}

export async function startWorkflowsHarness(options: HarnessOptions): Promise<WorkflowsHarness> {
  const db = await createTestDatabase(`sg_${options.prefix}`);
  const namespace = uniqueName(options.prefix);
  const config = parseConfig(workflowsEnv, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    PORT: '0',
    NODE_ENV: 'test',
    SLA_SWEEP_INTERVAL_MS: '600000',
    ...options.env,
  });
  const bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: `${options.prefix}-test`, namespace });
  await bus.ensureTopics([topics.deal, topics.contract, topics.beneficiary, topics.process, topics.task]);
  const producer: BusProducer = await bus.producer();
  const app = await createWorkflowsApp({
    config,
    logger: createLogger('workflows-test', 'silent'),
    clock: options.clock,
    onQuery: options.onQuery,
  });
  await app.start();
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const published: EventEnvelope[] = [];
  const observer: BusConsumer = await bus.consumer({
    groupId: `observer-${randomUUID()}`,
    topics: [topics.process, topics.task],
    fromBeginning: true,
  });
  await observer.run(async (message) => {
    published.push(parseEvent(JSON.parse(message.value?.toString('utf8') ?? '')));
  });

  const publish = (topic: string, ...events: EventEnvelope[]) =>
    producer.send(
      topic,
      events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    );
  const caughtUp = async () => {
    await waitFor(
      async () =>
        (await Promise.all(app.projections.map((projection) => projection.lag())))
          .flat()
          .every((entry) => entry.lag === 0),
      {
        description: 'the workflows consumers to catch up',
      },
    );
  };
  return {
    app,
    db,
    sql,
    bus,
    published,
    publish,
    caughtUp,
    async deliver(topic, ...events) {
      await publish(topic, ...events);
      await caughtUp();
    },
    async call(query, variables, caller) {
      return graphqlRequest(
        app.url,
        query,
        variables,
        await identityHeaders({ ...caller, sub: caller.sub ?? 'test-user' }),
      );
    },
    async outbox(eventType) {
      const { rows } = await sql.query<{ payload: unknown }>(
        `select payload from workflows.outbox ${eventType ? "where payload->>'eventType' = $1" : ''} order by id`,
        eventType ? [eventType] : [],
      );
      return rows.map((row) => parseEvent(row.payload));
    },
    async stop() {
      await observer.stop();
      await app.stop();
      await producer.disconnect();
      await bus.close();
      await sql.end();
      await db.drop();
    },
  };
}
