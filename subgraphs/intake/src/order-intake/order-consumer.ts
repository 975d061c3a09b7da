import type { EntityManager } from '@mikro-orm/postgresql';
import { dlqTopicFor, ordersTopicOf } from '@salesgraph/events';
import type { BusConsumer, BusMessage, BusProducer, MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import { isInfrastructureError } from '@salesgraph/projection';
import type { BackgroundWorker } from '@salesgraph/subgraph';
import type { SalesSystemAdapter } from '../adapters/adapter.js';
import { IntakeRoute } from '../sales-order/sales-order.enums.js';
import { receiveOrders, type AcceptedOrder } from '../sales-order/sales-order.receive.js';
import { checkOrder, isTenantId } from './order-check.js';

/** The header a sales system sets on every order message: the tenant the order belongs to. */
export const TENANT_HEADER = 'tenant';

/** Orders read per transaction at most (one partition's consecutive messages of one tenant). */
const MAX_BATCH = 200;

/** The consumer group of the orders topics (prefixed by KAFKA_NAMESPACE like every group). */
export const ORDERS_GROUP = 'intake.orders';

interface Checked {
  readonly message: BusMessage;
  readonly tenantId: string;
  readonly accepted: AcceptedOrder;
}

export interface OrderConsumerDeps {
  readonly bus: MessageBus;
  readonly em: EntityManager;
  readonly adapters: readonly SalesSystemAdapter[];
  readonly logger: Logger;
}

/**
 * Reads every adapter's `<system>.orders` topic. A message that is not JSON, has no valid tenant
 * header, or that its system's transformer refuses goes to `<topic>.dlq` with every problem in
 * `x-dlq-reason`; the valid ones of a batch are stored per run of one tenant in one transaction
 * (receiveOrders: duplicates and older revisions change nothing). The offsets are committed after.
 */
export function createOrderConsumer(deps: OrderConsumerDeps): BackgroundWorker {
  const { bus, logger } = deps;
  const bySlug = new Map(deps.adapters.map((adapter) => [ordersTopicOf(adapter.slug), adapter]));
  const topics = [...bySlug.keys()];
  let consumer: BusConsumer | null = null;
  let dlq: BusProducer | null = null;

  async function deadLetter(message: BusMessage, problems: readonly string[]): Promise<void> {
    const reason = problems.join('; ').slice(0, 4000);
    await dlq!.send(dlqTopicFor(message.topic), [
      {
        key: message.key ?? '',
        value: message.value?.toString('utf8') ?? '',
        headers: {
          ...message.headers,
          'x-dlq-consumer': ORDERS_GROUP,
          'x-dlq-reason': reason,
          'x-dlq-source': `${message.topic}/${message.partition}/${message.offset}`,
        },
      },
    ]);
    logger.warn({ topic: message.topic, offset: message.offset, problems: problems.length }, 'order dead-lettered');
  }

  async function check(message: BusMessage): Promise<Checked | null> {
    const adapter = bySlug.get(message.topic)!;
    const tenantId = message.headers[TENANT_HEADER];
    let payload: unknown;
    try {
      payload = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      await deadLetter(message, ['(payload): not valid JSON']);
      return null;
    }
    const checked = checkOrder(adapter, payload, IntakeRoute.KAFKA, `intake:${adapter.slug}`);
    const problems = [
      ...(isTenantId(tenantId) ? [] : [`(header ${TENANT_HEADER}): missing or not a tenant id`]),
      ...('problems' in checked ? checked.problems : []),
    ];
    if (problems.length > 0 || !('accepted' in checked) || !isTenantId(tenantId)) {
      await deadLetter(message, problems);
      return null;
    }
    return { message, tenantId, accepted: checked.accepted };
  }

  /** A run that failed for a reason of its own: each order alone, the one that fails again is dead-lettered. */
  async function oneByOne(run: readonly Checked[]): Promise<void> {
    for (const item of run) {
      try {
        await receiveOrders(deps.em, item.tenantId, [item.accepted]);
      } catch (error) {
        if (isInfrastructureError(error)) throw error;
        await deadLetter(item.message, [`could not be stored: ${error instanceof Error ? error.name : 'error'}`]);
      }
    }
  }

  async function handle(messages: readonly BusMessage[]): Promise<void> {
    const valid: Checked[] = [];
    for (const message of messages) {
      const checked = await check(message);
      if (checked) valid.push(checked);
    }
    for (let start = 0; start < valid.length; ) {
      let end = start + 1;
      while (end < valid.length && valid[end]!.tenantId === valid[start]!.tenantId) end++;
      const run = valid.slice(start, end);
      try {
        await receiveOrders(
          deps.em,
          run[0]!.tenantId,
          run.map((item) => item.accepted),
        );
      } catch (error) {
        if (isInfrastructureError(error)) throw error;
        await oneByOne(run);
      }
      start = end;
    }
  }

  return {
    async start() {
      await bus.ensureTopics([...topics, ...topics.map(dlqTopicFor)]);
      dlq = await bus.producer();
      consumer = await bus.consumer({ groupId: ORDERS_GROUP, topics, fromBeginning: true });
      await consumer.runBatches(handle, { maxBatch: MAX_BATCH });
    },
    async stop() {
      await consumer?.stop();
      await dlq?.disconnect();
      consumer = null;
      dlq = null;
    },
  };
}
