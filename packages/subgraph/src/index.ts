export { buildFederatedSchema, type ReferenceResolvers, type FederatedSchemaExtras } from './federated-schema.js';
export {
  createSubgraphService,
  type SubgraphService,
  type SubgraphServiceOptions,
  type BackgroundWorker,
} from './subgraph-service.js';
export { type SubgraphContext, requestLoader, WRITE_HEADERS } from './context.js';
export { requireIdentity } from './guards.js';
export {
  toConnection,
  decodeCursor,
  pageSize,
  type ConnectionArgs,
  PageInfo,
  ConnectionArgsInput,
} from './connection.js';
export { MoneyScalar, LocalDateScalar, DateTimeISOScalar, toMoney } from '@salesgraph/scalars';
export {
  EVENT_SOURCE_SPEC_URL,
  eventSourceDirectiveSdl,
  eventSourceLinkSdl,
  eventPayloadSdl,
  type EventPayloadOptions,
} from './event-source.js';
export {
  eventStatusExtension,
  eventStatusFieldOf,
  type EventStatusOptions,
  type SchemaExtension,
} from './event-status.js';
export { handleAll } from './event-handlers.js';
export { createPeriodicWorker } from './periodic-worker.js';
export { sqlMetric, type BusinessMetricDeps, type SqlMetric } from './business-metrics.js';
export { referencedOrNotFound } from './entity-reference.js';
export { PlanType } from './plan-type.js';
export { Public, RequiresScopes, Authenticated } from '@salesgraph/public-contract';
export { subgraphEnv } from './subgraph-env.js';
export type { SubgraphAppOptions } from './subgraph-app-options.js';
export { Segment } from './segment.js';
