import type { EntityManager } from '@mikro-orm/postgresql';
import type { BusConsumer, BusProducer, MessageBus, TopicLag } from '@salesgraph/kafka';
import type { EventEnvelope } from '@salesgraph/events';
import { processBatch } from './process-batch.js';
import type { EventHandlers } from './process-message.js';

export type { ApplyContext, EventHandler, EventHandlers } from './process-message.js';

export interface ProjectionDefinition {
  /** `<subgraph>.<projection>`: also the consumer group id. */
  readonly name: string;
  readonly topics: readonly string[];
  readonly handlers: EventHandlers;
  /** The tables this projection owns (unqualified); emptied by a rebuild. */
  readonly tables?: readonly string[];
  /**
   * Why this projection must never be rebuilt from its topics (it holds state no topic carries,
   * or applying an event changes more than its own tables); `rebuildProjection` refuses it.
   */
  readonly notRebuildable?: string;
}

export interface ProjectionConsumer {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  lag(): Promise<TopicLag[]>;
}

/**
 * Events applied per transaction at most (fewer when the partition has fewer waiting, or tenants
 * alternate). Partitions are applied one at a time: a handler that reads other aggregates' rows
 * (AccountSummary recounting contacts, PipelineSummary summing deals) would otherwise miss what
 * a concurrent transaction of another partition has not committed yet.
 */
const MAX_BATCH = 200;

export function createProjectionConsumer(deps: {
  readonly definition: ProjectionDefinition;
  readonly bus: MessageBus;
  readonly em: EntityManager;
  readonly schema: string;
  readonly maxAttempts?: number;
  /** True for a rebuild's replay (handlers see it in their ApplyContext). */
  readonly replaying?: boolean;
  readonly onApplied?: (event: EventEnvelope) => void;
  readonly onDeadLetter?: (reason: string) => void;
}): ProjectionConsumer {
  const { definition, bus } = deps;
  let consumer: BusConsumer | null = null;
  let dlq: BusProducer | null = null;
  return {
    name: definition.name,
    async start() {
      await bus.ensureTopics(definition.topics);
      dlq = await bus.producer();
      consumer = await bus.consumer({ groupId: definition.name, topics: definition.topics, fromBeginning: true });
      const processDeps = {
        consumer: definition.name,
        schema: deps.schema,
        em: deps.em,
        handlers: definition.handlers,
        dlq,
        maxAttempts: deps.maxAttempts ?? 3,
        replaying: deps.replaying ?? false,
        onApplied: deps.onApplied,
        onDeadLetter: deps.onDeadLetter,
      };
      await consumer.runBatches((messages) => processBatch(processDeps, messages), { maxBatch: MAX_BATCH });
    },
    async stop() {
      await consumer?.stop();
      await dlq?.disconnect();
      consumer = null;
      dlq = null;
    },
    lag: () => bus.lag(definition.name, definition.topics),
  };
}
