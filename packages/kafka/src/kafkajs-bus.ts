import kafkajs from 'kafkajs';
import type { Admin, Consumer, EachBatchPayload, Producer } from 'kafkajs';
import { kafkajsSecurity, type KafkaSecurity } from './connection.js';
import { installRequestQueueTimerFix } from './request-queue-timer.js';
import { developmentTopicPolicy, MissingTopicsError, topicConfigEntries, type TopicPolicy } from './topic-policy.js';
import { retryRetriable } from './retry-retriable.js';
import { StartOffsets } from './start-offsets.js';
import type {
  BatchHandler,
  BusConsumer,
  BusMessage,
  ConsumerOptions,
  MessageBus,
  MessageHandler,
  PartitionOffset,
  TopicLag,
} from './bus.js';

const { Kafka, logLevel, CompressionTypes, Partitioners } = kafkajs;

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** SASL and TLS (connection.ts); plaintext without. */
  readonly security?: KafkaSecurity;
  /** How ensureTopics lays out topics (topic-policy.ts); developmentTopicPolicy without. */
  readonly topicPolicy?: TopicPolicy;
  /**
   * Prefix for every topic and group id (`<namespace>.<topic>`), so test runs and
   * environments sharing a broker never see each other's messages. Handlers see logical names.
   */
  readonly namespace?: string;
  /** Receives kafkajs warnings and errors (never message contents). */
  readonly onLog?: (level: 'error' | 'warn', message: string) => void;
}

function toBusMessage(
  topic: string,
  partition: number,
  message: EachBatchPayload['batch']['messages'][number],
): BusMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    headers,
  };
}

function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

interface Names {
  physical(topic: string): string;
  logical(topic: string): string;
}

/** Chunk size for `run`: per-message handlers are committed and heartbeated this often. */
const MESSAGES_PER_COMMIT = 20;
/**
 * How long the broker may hold a fetch that finds nothing new. It answers as soon as a message
 * arrives, so this bounds idle polling, not delivery: at 50 ms the five idle subgraph processes
 * used 17.7% of a core and the broker 11.5%, at 250 ms 11.3% and 9.7%, at 500 ms 7.9% and 8.8%
 * (measured on this machine). A consumer's stop waits for its fetch in flight, hence not longer.
 */
const FETCH_WAIT_MS = 250;
/** Pause before a consumer that kafkajs gave up on is started again. */
const RESTART_AFTER_MS = 1_000;

class KafkaConsumer implements BusConsumer {
  private consumer: Consumer | null = null;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly create: () => Consumer,
    private readonly options: ConsumerOptions,
    private readonly names: Names,
    private readonly log: (level: 'error' | 'warn', message: string) => void,
    /** Where partitions the group has not committed start (`startAt`); null: the group's offsets or `fromBeginning`. */
    private readonly starts: StartOffsets | null,
  ) {}

  run(handler: MessageHandler): Promise<void> {
    return this.runBatches(
      async (messages) => {
        for (const message of messages) await handler(message);
      },
      { maxBatch: MESSAGES_PER_COMMIT },
    );
  }

  async runBatches(handler: BatchHandler, { maxBatch }: { readonly maxBatch: number }): Promise<void> {
    const consumer = this.create();
    this.consumer = consumer;
    // kafkajs restarts a crashed consumer only after retriable failures; after any other crash
    // (no broker reachable when it rejoins, a refused commit) it stays down for good, and so
    // would the projection. Start a fresh one instead: it resumes from the committed offsets.
    this.starts?.seekOnJoin(consumer);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopped || this.consumer !== consumer) return;
      this.log(
        'warn',
        `consumer ${this.options.groupId} crashed (${payload.error.name}); starting it again in ${RESTART_AFTER_MS} ms`,
      );
      this.restartLater(handler, maxBatch);
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: this.options.topics.map(this.names.physical),
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const topic = this.names.logical(batch.topic);
        for (let start = 0; start < batch.messages.length; start += maxBatch) {
          if (!isRunning() || isStale()) break;
          const chunk = batch.messages.slice(start, start + maxBatch);
          await handler(chunk.map((message) => toBusMessage(topic, batch.partition, message)));
          const last = chunk[chunk.length - 1]!.offset;
          resolveOffset(last);
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: nextOffset(last) }]);
          this.starts?.committed(batch.topic, batch.partition);
          // kafkajs sends at most one heartbeat per heartbeatInterval; calling it after every
          // chunk keeps a slow batch from outliving the session (the member would be evicted,
          // its next commit refused with UNKNOWN_MEMBER_ID).
          await heartbeat();
        }
      },
    });
  }

  private restartLater(handler: BatchHandler, maxBatch: number): void {
    if (this.stopped) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.runBatches(handler, { maxBatch }).catch((error: Error) => {
        this.log('error', `consumer ${this.options.groupId} could not start again (${error.message}); retrying`);
        void this.consumer?.disconnect().catch(() => undefined);
        this.restartLater(handler, maxBatch);
      });
    }, RESTART_AFTER_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.consumer?.stop();
    await this.consumer?.disconnect();
  }
}

/** The kafkajs implementation: idempotent producer, manual commits after the handler resolves. */
export function createKafkaBus(options: KafkaBusOptions): MessageBus {
  installRequestQueueTimerFix();
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const names: Names = {
    physical: (topic) => `${prefix}${topic}`,
    logical: (topic) => (prefix && topic.startsWith(prefix) ? topic.slice(prefix.length) : topic),
  };
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...kafkajsSecurity(options.security),
    logLevel: logLevel.WARN,
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5_000 },
    logCreator:
      () =>
      ({ level, log }) => {
        const text = `${log.message}${log.error ? `: ${String(log.error)}` : ''}`;
        options.onLog?.(level === logLevel.ERROR ? 'error' : 'warn', text);
      },
  });
  let admin: Admin | null = null;
  const producers = new Set<Producer>();
  const adminClient = async () => {
    // Kept only once connected: a failed connect (broker not up yet) is tried afresh next time,
    // not left behind as a client that answers every later call with "Broker not connected".
    if (!admin) {
      const client = kafka.admin();
      await client.connect();
      admin = client;
    }
    return admin;
  };

  return {
    async producer() {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      producers.add(producer);
      return {
        async send(topic, messages) {
          if (messages.length === 0) return;
          await producer.send({
            topic: names.physical(topic),
            acks: -1,
            compression: CompressionTypes.None,
            messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
          });
        },
        async disconnect() {
          producers.delete(producer);
          await producer.disconnect();
        },
      };
    },

    async consumer(consumerOptions) {
      const starts = consumerOptions.startAt?.length
        ? await StartOffsets.read(
            await adminClient(),
            `${prefix}${consumerOptions.groupId}`,
            consumerOptions.startAt,
            names.physical,
          )
        : null;
      const create = () =>
        kafka.consumer({
          groupId: `${prefix}${consumerOptions.groupId}`,
          maxWaitTimeInMs: FETCH_WAIT_MS,
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
          rebalanceTimeout: 15_000,
          retry: { retries: 10 },
        });
      const log = (level: 'error' | 'warn', message: string) => options.onLog?.(level, message);
      return new KafkaConsumer(create, consumerOptions, names, log, starts);
    },

    async ensureTopics(topics) {
      const policy = options.topicPolicy ?? developmentTopicPolicy;
      const client = await adminClient();
      // A broker that has just started can answer "does not host this topic-partition" while
      // kafkajs waits for the new topics' leaders: the whole step is tried again.
      await retryRetriable(async () => {
        const existing = new Set(await client.listTopics());
        const missing = topics.map(names.physical).filter((topic) => !existing.has(topic));
        if (missing.length === 0) return;
        if (!policy.create) throw new MissingTopicsError(missing);
        await client.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: policy.partitions,
            replicationFactor: policy.replicationFactor,
            configEntries: topicConfigEntries(policy, names.logical(topic)),
          })),
        });
      });
    },

    async endOffsets(topics) {
      const client = await adminClient();
      const result: PartitionOffset[] = [];
      for (const topic of topics)
        for (const end of await client.fetchTopicOffsets(names.physical(topic)))
          result.push({ topic, partition: end.partition, offset: end.high });
      return result;
    },

    async lag(groupId, topics) {
      const client = await adminClient();
      const result: TopicLag[] = [];
      const committed = await client.fetchOffsets({
        groupId: `${prefix}${groupId}`,
        topics: topics.map(names.physical),
      });
      for (const topic of topics) {
        const ends = await client.fetchTopicOffsets(names.physical(topic));
        const groupTopic = committed.find((entry) => entry.topic === names.physical(topic));
        for (const end of ends) {
          // Negative offsets are sentinels (-1 none committed, -2 reset to earliest): count from the start.
          const done = BigInt(groupTopic?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1');
          const start = BigInt(end.low);
          const position = done < start ? start : done;
          result.push({ topic, partition: end.partition, lag: Number(BigInt(end.high) - position) });
        }
      }
      return result;
    },

    async resetGroup(groupId, topics) {
      const client = await adminClient();
      for (const topic of topics)
        await client.resetOffsets({ groupId: `${prefix}${groupId}`, topic: names.physical(topic), earliest: true });
    },

    async close() {
      await Promise.all([...producers].map((producer) => producer.disconnect()));
      producers.clear();
      if (admin) await admin.disconnect();
      admin = null;
    },
  };
}
