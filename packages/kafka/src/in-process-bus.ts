import { createHash } from 'node:crypto';
import type {
  BatchHandler,
  BusConsumer,
  BusMessage,
  ConsumerOptions,
  MessageBus,
  MessageHandler,
  OutgoingMessage,
  PartitionOffset,
  TopicLag,
} from './bus.js';

interface StoredMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

interface Topic {
  readonly partitions: StoredMessage[][];
}

interface Group {
  /** Next offset to deliver, per "topic/partition". */
  readonly committed: Map<string, number>;
  readonly members: Set<Member>;
}

interface Member {
  wake(): void;
}

export interface InProcessBusOptions {
  readonly partitions?: number;
  /** Pause before redelivering a message whose handler failed. */
  readonly retryDelayMs?: number;
}

/**
 * The embedded event bus: the same MessageBus contract as Kafka (per-key order, consumer
 * groups with committed offsets, redelivery of unhandled messages, lag, replay), kept in
 * memory for `npm start` without a broker. Not durable across restarts: the outbox is, and
 * the embedded start re-reads nothing it has not committed (see README).
 */
export function createInProcessBus(options: InProcessBusOptions = {}): MessageBus {
  const partitionCount = options.partitions ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 100;
  const topics = new Map<string, Topic>();
  const groups = new Map<string, Group>();
  const consumers = new Set<Member & BusConsumer>();

  const topicOf = (name: string): Topic => {
    let topic = topics.get(name);
    if (!topic) {
      topic = { partitions: Array.from({ length: partitionCount }, () => []) };
      topics.set(name, topic);
    }
    return topic;
  };
  const groupOf = (id: string): Group => {
    let group = groups.get(id);
    if (!group) {
      group = { committed: new Map(), members: new Set() };
      groups.set(id, group);
    }
    return group;
  };
  const partitionFor = (key: string) => createHash('md5').update(key).digest().readUInt32BE(0) % partitionCount;
  const notify = () => {
    for (const consumer of consumers) consumer.wake();
  };

  class InProcessConsumer implements BusConsumer {
    private running = false;
    private loop: Promise<void> | null = null;
    private wakeUp: (() => void) | null = null;

    constructor(private readonly consumerOptions: ConsumerOptions) {}

    wake(): void {
      this.wakeUp?.();
    }

    run(handler: MessageHandler): Promise<void> {
      return this.runBatches(async ([message]) => handler(message!), { maxBatch: 1 });
    }

    async runBatches(handler: BatchHandler, { maxBatch }: { readonly maxBatch: number }): Promise<void> {
      const group = groupOf(this.consumerOptions.groupId);
      const { startAt = [] } = this.consumerOptions;
      for (const name of this.consumerOptions.topics) {
        const { partitions } = topicOf(name);
        // A group without committed offsets starts where it is told, else, starting at the end,
        // at the end *now* (Kafka's "latest" reset), not wherever the log ends on each later pass.
        partitions.forEach((log, partition) => {
          const slot = `${name}/${partition}`;
          if (group.committed.has(slot)) return;
          const start = startAt.find((entry) => entry.topic === name && entry.partition === partition);
          if (start) group.committed.set(slot, Number(start.offset));
          else if (this.consumerOptions.fromBeginning === false) group.committed.set(slot, log.length);
        });
      }
      group.members.add(this);
      consumers.add(this);
      this.running = true;
      this.loop = this.deliver(handler, maxBatch, group);
    }

    private assigned(group: Group): { topic: string; partition: number }[] {
      const members = [...group.members];
      const index = members.indexOf(this);
      const all = this.consumerOptions.topics.flatMap((topic) =>
        Array.from({ length: partitionCount }, (_, partition) => ({ topic, partition })),
      );
      return all.filter((_, i) => i % members.length === index);
    }

    private async deliver(handler: BatchHandler, maxBatch: number, group: Group): Promise<void> {
      while (this.running) {
        let delivered = false;
        for (const { topic, partition } of this.assigned(group)) {
          const slot = `${topic}/${partition}`;
          const log = topicOf(topic).partitions[partition]!;
          const start = group.committed.get(slot) ?? 0;
          for (let offset = start; offset < log.length && this.running; ) {
            const end = Math.min(log.length, offset + maxBatch);
            const batch = log.slice(offset, end).map(
              (stored, i): BusMessage => ({
                topic,
                partition,
                offset: String(offset + i),
                key: stored.key,
                value: stored.value,
                headers: stored.headers,
              }),
            );
            try {
              await handler(batch);
            } catch {
              await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
              break;
            }
            group.committed.set(slot, end);
            offset = end;
            delivered = true;
          }
        }
        if (!delivered && this.running) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 1_000);
            this.wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wakeUp = null;
        }
      }
    }

    async stop(): Promise<void> {
      this.running = false;
      this.wake();
      await this.loop;
      groupOf(this.consumerOptions.groupId).members.delete(this);
      consumers.delete(this);
    }
  }

  return {
    async producer() {
      return {
        async send(topic: string, messages: readonly OutgoingMessage[]) {
          const log = topicOf(topic);
          for (const message of messages) {
            log.partitions[partitionFor(message.key)]!.push({
              key: message.key,
              value: Buffer.from(message.value, 'utf8'),
              headers: { ...message.headers },
            });
          }
          notify();
        },
        async disconnect() {},
      };
    },
    async consumer(consumerOptions) {
      return new InProcessConsumer(consumerOptions);
    },
    async ensureTopics(names) {
      for (const name of names) topicOf(name);
    },
    async endOffsets(names) {
      return names.flatMap((name) =>
        topicOf(name).partitions.map(
          (log, partition): PartitionOffset => ({ topic: name, partition, offset: String(log.length) }),
        ),
      );
    },
    async lag(groupId, names) {
      const group = groupOf(groupId);
      const result: TopicLag[] = [];
      for (const name of names) {
        topicOf(name).partitions.forEach((log, partition) => {
          result.push({ topic: name, partition, lag: log.length - (group.committed.get(`${name}/${partition}`) ?? 0) });
        });
      }
      return result;
    },
    async resetGroup(groupId, names) {
      const group = groupOf(groupId);
      for (const name of names)
        for (let partition = 0; partition < partitionCount; partition++) group.committed.set(`${name}/${partition}`, 0);
    },
    async close() {
      for (const consumer of [...consumers]) await consumer.stop();
    },
  };
}
