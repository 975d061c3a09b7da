import { parseEvent, type EventEnvelope } from '@salesgraph/events';
import type { BusConsumer, BusMessage, MessageBus, PartitionOffset } from '@salesgraph/kafka';
import { describeError, type Logger } from '@salesgraph/logging';
import type { SubscriptionMetrics } from './subscription-metrics.js';
import { inEventSpan } from './subscription-telemetry.js';

export interface TopicConsumersOptions {
  readonly bus: MessageBus;
  /** Consumer group of this process (`gateway.<instance>.<epoch>`): unique, so it starts where it is told. */
  readonly groupId: string;
  readonly logger: Logger;
  readonly metrics: SubscriptionMetrics;
  /** The offsets the consumer of these topics starts at (the topics' ends just before it joins); once per topic. */
  readonly onStart: (starts: readonly PartitionOffset[]) => void;
  /** Each message, once, in each partition's order: the valid event, or null for a message that is not one. */
  readonly onMessage: (message: BusMessage, envelope: EventEnvelope | null) => void;
}

/**
 * The lifecycle of the engine's Kafka consumers: one consumer per set of newly declared topics
 * (a running consumer cannot add topics), started exactly at the topics' end offsets read just
 * before (reported through `onStart`, so the resume log knows from where it holds everything),
 * connected with retries and backoff until it runs or the engine stops; events parsed and
 * validated; redeliveries after a rebalance skipped.
 */
export class TopicConsumers {
  private readonly consumed = new Set<string>();
  private readonly consumers: BusConsumer[] = [];
  /** topic + partition -> the newest offset dispatched (the bus redelivers after a rebalance). */
  private readonly offsets = new Map<string, number>();
  private connecting = 0;
  private generation = 0;
  private stopped = false;
  private readonly retry = new AbortController();

  constructor(private readonly options: TopicConsumersOptions) {}

  /** Every topic has a running consumer and none is still connecting. */
  consuming(topics: Iterable<string>): boolean {
    if (this.stopped || this.connecting > 0) return false;
    for (const topic of topics) if (!this.consumed.has(topic)) return false;
    return true;
  }

  /** Starts consuming the topics not consumed yet. */
  consume(topics: Iterable<string>): void {
    const fresh = [...topics].filter((topic) => !this.consumed.has(topic));
    if (fresh.length === 0 || this.stopped) return;
    for (const topic of fresh) this.consumed.add(topic);
    const groupId = this.generation === 0 ? this.options.groupId : `${this.options.groupId}.${this.generation}`;
    this.generation++;
    this.connecting++;
    void this.connect(groupId, fresh).finally(() => this.connecting--);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retry.abort();
    const consumers = this.consumers.splice(0);
    await Promise.all(
      consumers.map((consumer) =>
        consumer
          .stop()
          .catch((error: unknown) =>
            this.options.logger.warn({ error: describeError(error) }, 'subscription consumer did not stop cleanly'),
          ),
      ),
    );
  }

  private async handle(message: BusMessage): Promise<void> {
    // After a rebalance the bus hands over again what was handled but not yet committed.
    const partition = `${message.topic}\u0000${message.partition}`;
    const offset = Number(message.offset);
    if (offset <= (this.offsets.get(partition) ?? -1)) {
      this.options.metrics.eventRedelivered(message.topic);
      return;
    }
    this.offsets.set(partition, offset);
    let envelope: EventEnvelope;
    try {
      envelope = parseEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
    } catch (error) {
      this.options.metrics.eventRejected(message.topic);
      this.options.logger.warn(
        { topic: message.topic, partition: message.partition, offset: message.offset, error: describeError(error) },
        'not a valid event; skipped',
      );
      this.options.onMessage(message, null);
      return;
    }
    this.options.metrics.eventConsumed(message.topic);
    inEventSpan(this.options.groupId, message, envelope, () => this.options.onMessage(message, envelope));
  }

  private async connect(groupId: string, topics: readonly string[]): Promise<void> {
    // Read once: a retry starts the group at the same offsets (the bus keeps offsets it committed since).
    let starts: readonly PartitionOffset[] | null = null;
    for (let attempt = 0; !this.stopped; attempt++) {
      let consumer: BusConsumer | null = null;
      try {
        await this.options.bus.ensureTopics(topics);
        if (!starts) {
          starts = await this.options.bus.endOffsets(topics);
          this.options.onStart(starts);
        }
        consumer = await this.options.bus.consumer({ groupId, topics, fromBeginning: false, startAt: starts });
        await consumer.run((message) => this.handle(message));
        if (this.stopped) await consumer.stop();
        else this.consumers.push(consumer);
        this.options.logger.info({ groupId, topics }, 'subscription consumer connected');
        return;
      } catch (error) {
        await consumer?.stop().catch(() => undefined);
        this.options.logger.warn(
          { groupId, topics, attempt, error: describeError(error) },
          'subscription consumer not connected; retrying',
        );
        await this.backoff(attempt);
      }
    }
  }

  /** Waits 0.5 s doubling up to 30 s, or until the engine stops. */
  private backoff(attempt: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt));
      this.retry.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
