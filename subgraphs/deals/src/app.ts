import { createSubgraphService, type SubgraphService } from '@salesgraph/subgraph';
import type { MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import type { DealsConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';
import { registerDealMetrics } from './deal/deal.metrics.js';

export interface DealsAppOptions {
  readonly config: DealsConfig;
  readonly logger: Logger;
  readonly bus?: MessageBus;
  readonly onQuery?: (sql: string) => void;
}

/** Builds the deals subgraph from its parts; `main.ts` only runs it. */
export async function createDealsApp(options: DealsAppOptions): Promise<SubgraphService> {
  return createSubgraphService({
    name: 'deals',
    config: options.config,
    schema: await buildSchema(),
    entities,
    migrations,
    projections,
    logger: options.logger,
    businessMetrics: registerDealMetrics,
    bus: options.bus,
    onQuery: options.onQuery,
  });
}
