import type { ProjectionDefinition } from '@salesgraph/projection';
import { accountMetricsProjection } from './account-metrics/account-metrics.projection.js';
import { salesOrderCompaniesProjection } from './company-origin/sales-order-companies.projection.js';

/**
 * The projections this subgraph keeps: run by app.ts, reported by `EventStatus` (schema.ts),
 * rebuilt by `npm run projections:rebuild -- accounts <projection>`.
 */
export const projections: ProjectionDefinition[] = [
  {
    ...accountMetricsProjection,
    tables: ['account_metrics_deal', 'account_metrics_contract', 'account_metrics_beneficiary'],
  },
  salesOrderCompaniesProjection,
];
