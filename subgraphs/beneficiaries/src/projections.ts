import type { ProjectionDefinition } from '@salesgraph/projection';
import { contractSnapshotProjection } from './contract-snapshot/contract-snapshot.projection.js';

/**
 * The projections this subgraph keeps: run by app.ts, reported by `EventStatus` (schema.ts),
 * rebuilt by `npm run projections:rebuild -- beneficiaries <projection>`.
 */
export const projections: ProjectionDefinition[] = [contractSnapshotProjection];
