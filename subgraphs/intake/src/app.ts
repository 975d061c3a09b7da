import { createSubgraphService, type SubgraphService } from '@salesgraph/subgraph';
import type { MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import type { IntakeConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { adapters } from './adapters/adapters.js';
import { createOrderConsumer } from './order-intake/order-consumer.js';
import { registerSalesOrderMetrics } from './sales-order/sales-order.metrics.js';

export interface IntakeAppOptions {
  readonly config: IntakeConfig;
  readonly logger: Logger;
  readonly bus?: MessageBus;
  readonly onQuery?: (sql: string) => void;
}

/** Builds the intake subgraph from its parts: the schema, and the consumer of every system's orders topic. */
export async function createIntakeApp(options: IntakeAppOptions): Promise<SubgraphService> {
  return createSubgraphService({
    name: 'intake',
    config: options.config,
    schema: await buildSchema(),
    entities,
    migrations,
    workers: ({ orm, bus }) => [createOrderConsumer({ bus, em: orm.em, adapters, logger: options.logger })],
    logger: options.logger,
    businessMetrics: registerSalesOrderMetrics,
    bus: options.bus,
    onQuery: options.onQuery,
  });
}
