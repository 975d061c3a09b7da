import { createSubgraphService, type SubgraphAppOptions, type SubgraphService } from '@salesgraph/subgraph';
import type { IntakeConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { adapters } from './adapters/adapters.js';
import { createOrderConsumer } from './order-intake/order-consumer.js';
import { registerSalesOrderMetrics } from './sales-order/sales-order.metrics.js';

export type IntakeAppOptions = SubgraphAppOptions<IntakeConfig>;

/** Builds the intake subgraph from its parts: the schema, and the consumer of every system's orders topic. */
export async function createIntakeApp(options: IntakeAppOptions): Promise<SubgraphService> {
  return createSubgraphService({
    name: 'intake',
    ...options,
    schema: await buildSchema(),
    entities,
    migrations,
    workers: ({ orm, bus }) => [createOrderConsumer({ bus, em: orm.em, adapters, logger: options.logger })],
    businessMetrics: registerSalesOrderMetrics,
  });
}
