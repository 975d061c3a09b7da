import kafkajs from 'kafkajs';
import type { Admin, Producer } from 'kafkajs';
import { kafkajsSecurity, type KafkaSecurity } from './connection.js';
import { installRequestQueueTimerFix } from './request-queue-timer.js';
import { developmentTopicPolicy, MissingTopicsError, topicConfigEntries, type TopicPolicy } from './topic-policy.js';
import { retryRetriable } from './retry-retriable.js';
import { StartOffsets } from './start-offsets.js';
import type { MessageBus, PartitionOffset, TopicLag } from './bus.js';
import { FETCH_WAIT_MS, KafkaConsumer, type TopicNames } from './kafkajs-consumer.js';

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

/** The kafkajs implementation: idempotent producer, manual commits after the handler resolves. */
export function createKafkaBus(options: KafkaBusOptions): MessageBus {
  installRequestQueueTimerFix();
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const names: TopicNames = {
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
