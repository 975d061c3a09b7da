export { inboxDdl, inboxMigrations, inboxUpgradeDdl } from './inbox.ddl.js';
export {
  processMessage,
  setBased,
  type ProjectionDeps,
  type ProcessOutcome,
  isInfrastructureError,
  type SetBasedHandler,
} from './process-message.js';
export { processBatch } from './process-batch.js';
export {
  createProjectionConsumer,
  type ProjectionConsumer,
  type ProjectionDefinition,
  type ApplyContext,
  type EventHandler,
  type EventHandlers,
} from './projection-consumer.js';
export { rebuildProjection, rebuildRefusal, RebuildError, type RebuildOptions } from './rebuild.js';
