import { createSubgraphService, type SubgraphAppOptions, type SubgraphService } from '@salesgraph/subgraph';
import type { DealsConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';
import { registerDealMetrics } from './deal/deal.metrics.js';

export type DealsAppOptions = SubgraphAppOptions<DealsConfig>;

/** Builds the deals subgraph from its parts; `main.ts` only runs it. */
export async function createDealsApp(options: DealsAppOptions): Promise<SubgraphService> {
  return createSubgraphService({
    name: 'deals',
    ...options,
    schema: await buildSchema(),
    entities,
    migrations,
    projections,
    businessMetrics: registerDealMetrics,
  });
}
