import type { ProjectionDefinition } from '@salesgraph/projection';
import { accountSummaryProjection } from './account-summary/account-summary.projection.js';

/**
 * The projections this subgraph keeps: run by app.ts, reported by `EventStatus` (schema.ts),
 * rebuilt by `npm run projections:rebuild -- deals <projection>`. PipelineSummary is not one:
 * it is written in the same transaction as each deal change.
 */
export const projections: ProjectionDefinition[] = [accountSummaryProjection];
