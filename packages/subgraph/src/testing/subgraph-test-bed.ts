import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseEvent, type EventEnvelope } from '@salesgraph/events';
import { createKafkaBus, type BusConsumer, type BusProducer, type MessageBus } from '@salesgraph/kafka';
import {
  createTestDatabase,
  subgraphTestEnv,
  testKafkaBrokers,
  uniqueName,
  type TestDatabase,
} from '@salesgraph/testkit';

export interface SubgraphTestBedOptions {
  /** Names the Kafka namespace and client, and the database unless `database` is given. */
  readonly prefix: string;
  /** The database name's prefix; `sg_<prefix>` by default. */
  readonly database?: string;
  /** Topics made in the namespace before the app starts: those the test publishes to or observes. */
  readonly topics?: readonly string[];
}

/**
 * What a subgraph's in-process integration tests stand on: a database of its own, a Kafka
 * namespace of its own (a bus, a producer to feed its consumers), the environment to parse the
 * subgraph's config from, and a SQL client for assertions. The harness starts the app on it.
 */
export interface SubgraphTestBed {
  readonly db: TestDatabase;
  readonly namespace: string;
  /** DATABASE_URL, KAFKA_*, GATEWAY_IDENTITY_SECRET, NODE_ENV=test, PORT=0 (add the subgraph's own). */
  readonly env: Readonly<Record<string, string>>;
  readonly sql: pg.Client;
  readonly bus: MessageBus;
  /** Publishes events to a topic of the namespace, each keyed by its aggregate id. */
  publish(topic: string, ...events: EventEnvelope[]): Promise<void>;
  /** Every event published to `topics` from now on (from the beginning), in arrival order. */
  observe(topics: readonly string[], groupId?: string): Promise<EventEnvelope[]>;
  /** The outbox payloads of `schema` in the order they were written, optionally of one message key or event type. */
  outbox(schema: string, where?: { messageKey?: string; eventType?: string }): Promise<unknown[]>;
  /** Stops observers and the producer, closes the bus and the SQL client, drops the database (stop the app first). */
  close(): Promise<void>;
}

export async function openSubgraphTestBed(options: SubgraphTestBedOptions): Promise<SubgraphTestBed> {
  const db = await createTestDatabase(options.database ?? `sg_${options.prefix}`);
  const namespace = uniqueName(options.prefix);
  const bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: `${options.prefix}-test`, namespace });
  if (options.topics?.length) await bus.ensureTopics(options.topics);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  let producer: Promise<BusProducer> | null = null;
  const observers: BusConsumer[] = [];
  return {
    db,
    namespace,
    env: subgraphTestEnv(db.url, namespace),
    sql,
    bus,
    async publish(topic, ...events) {
      producer ??= bus.producer();
      await (
        await producer
      ).send(
        topic,
        events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
      );
    },
    async observe(topics, groupId = `observer-${randomUUID()}`) {
      const seen: EventEnvelope[] = [];
      const observer = await bus.consumer({ groupId, topics, fromBeginning: true });
      observers.push(observer);
      await observer.run(async (message) => {
        seen.push(parseEvent(JSON.parse(message.value?.toString('utf8') ?? '')));
      });
      return seen;
    },
    async outbox(schema, where = {}) {
      const [column, value] =
        where.messageKey !== undefined
          ? ['message_key', where.messageKey]
          : where.eventType !== undefined
            ? ["payload->>'eventType'", where.eventType]
            : [null, null];
      const { rows } = await sql.query<{ payload: unknown }>(
        `select payload from ${schema}.outbox ${column ? `where ${column} = $1` : ''} order by id`,
        column ? [value] : [],
      );
      return rows.map((row) => row.payload);
    },
    async close() {
      for (const observer of observers) await observer.stop();
      if (producer) await (await producer).disconnect();
      await bus.close();
      await sql.end();
      await db.drop();
    },
  };
}
