import type { ProjectionDefinition } from '@salesgraph/projection';
import { dealSnapshotProjection } from './deal-snapshot/deal-snapshot.projection.js';
import { approvalDecisionProjection } from './approval-decision/approval-decision.projection.js';

/**
 * The projections this subgraph keeps: run by app.ts, reported by `EventStatus` (schema.ts),
 * rebuilt by `npm run projections:rebuild -- contracts <projection>`.
 */
export const projections: ProjectionDefinition[] = [
  dealSnapshotProjection,
  {
    ...approvalDecisionProjection,
    notRebuildable:
      'it is the contracts step of the approval saga, not a read model: each task.completed it applies changes a contract (APPROVED or REJECTED) and emits contract events. Those contracts are source data, so there are no tables to empty, and replaying decisions would act on contracts revised since.',
  },
];
