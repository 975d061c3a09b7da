import type { ProjectionDefinition } from '@salesgraph/projection';
import { processProjection } from './process/process.projection.js';
import { taskProjection } from './task/task.projection.js';
import { notificationProjection } from './notification/notification.projection.js';

/**
 * The projections this subgraph keeps: run by app.ts, reported by `EventStatus` (schema.ts),
 * rebuilt by `npm run projections:rebuild -- workflows <projection>`.
 */
export const projections: ProjectionDefinition[] = [processProjection, taskProjection, notificationProjection];
