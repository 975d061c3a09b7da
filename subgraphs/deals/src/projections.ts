import type { ProjectionDefinition } from '@salesgraph/projection';
import { accountSummaryProjection } from './account-summary/account-summary.projection.js';
import { pipelineSummaryProjection } from './pipeline/pipeline.projection.js';
import { salesOrderDealsProjection } from './sales-order-deal/sales-order-deals.projection.js';

/**
 * The projections this subgraph keeps: run by app.ts, reported by `EventStatus` (schema.ts),
 * rebuilt by `npm run projections:rebuild -- deals <projection>`.
 */
export const projections: ProjectionDefinition[] = [
  accountSummaryProjection,
  pipelineSummaryProjection,
  salesOrderDealsProjection,
];
