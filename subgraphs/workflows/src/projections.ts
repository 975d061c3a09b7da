import type { ProjectionDefinition } from '@salesgraph/projection';
import { processProjection } from './process/process.projection.js';
import { taskProjection } from './task/task.projection.js';

/**
 * The projections this subgraph keeps: run by app.ts, reported by `EventStatus` (schema.ts),
 * rebuilt by `npm run projections:rebuild -- workflows <projection>`.
 */
export const projections: ProjectionDefinition[] = [
  processProjection,
  {
    ...taskProjection,
    notRebuildable:
      'tasks hold human decisions (completeTask: outcome, comment, who and when) that no topic it reads carries; emptying and replaying them would reopen decided approvals and re-emit task events.',
  },
];
