import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { isThirdPartyClient, type Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import type { Logger } from '@salesgraph/logging';
import { accessRequirements, publicContractSupergraph, supergraphForApolloGateway } from '@salesgraph/public-contract';
import type { GatewayConfig } from '../config.js';
import type { GatewayContext } from '../context.js';
import { CostModels } from '../cost/cost-models.js';
import { createGraphqlEndpoint, type LoadedSchema } from '../graphql-endpoint.js';
import type { GatewayMetrics } from '../metrics.js';
import { noPersistedOperations } from '../persisted-operations/manifest.js';
import { requestGuard, type RequestGuard } from '../request-guard.js';
import type { DemandControl } from '../quota/demand-control.js';
import { createHttpQuota } from '../quota/http-quota.js';
import { createScopeAuthorization, type ScopedSchema } from './scope-authorization.js';

export const PUBLIC_GRAPHQL_PATH = '/public/graphql';

/** The internal endpoint's answer to a third-party app's token: 403 FORBIDDEN, nothing executed. */
export function refuseThirdPartyClient(identity: Identity): Identity {
  if (!isThirdPartyClient(identity)) return identity;
  throw appError('FORBIDDEN', `Third-party apps use ${PUBLIC_GRAPHQL_PATH}; this endpoint is for internal apps`, {
    http: { status: 403 },
  });
}

/** The contract as the public endpoint's ApolloGateway loads it, from the supergraph file's SDL. */
export const publicSupergraph = (supergraphSdl: string): string =>
  supergraphForApolloGateway(publicContractSupergraph(supergraphSdl));

export interface PublicEndpointOptions {
  readonly config: Readonly<GatewayConfig>;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly signIdentity: (identity: Identity) => Promise<string>;
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly plugins: ApolloServerPlugin<GatewayContext>[];
  /** Quotas (src/quota); absent when QUOTAS_ENABLED is off. */
  readonly demand?: DemandControl | undefined;
}

/**
 * `/public/graphql`: the public contract of the graph (`public-schema.graphql`), served by its
 * own ApolloGateway in the same process. Documents are validated against the contract, so a
 * non-public field is refused at validation whatever the document looks like; introspection is
 * on (the schema is public) and field suggestions are off; the token's scopes are checked
 * before planning (scope-authorization.ts). Its own limits: PUBLIC_GRAPHQL_MAX_* (README).
 * Quotas: a client-credentials caller is charged to its client buckets and its tenant's
 * (src/quota), after the scope check.
 */
export function createPublicEndpoint(options: PublicEndpointOptions) {
  const { config, logger } = options;
  let current: (ScopedSchema & LoadedSchema) | undefined;
  const costModels = new CostModels(config.GRAPHQL_DEFAULT_LIST_SIZE);
  const guard: RequestGuard = requestGuard({
    limits: {
      depth: config.PUBLIC_GRAPHQL_MAX_DEPTH,
      aliases: config.GRAPHQL_MAX_ALIASES,
      directives: config.GRAPHQL_MAX_DIRECTIVES,
      tokens: config.GRAPHQL_MAX_TOKENS,
      cost: config.PUBLIC_GRAPHQL_MAX_COST,
    },
    costModels,
    maxVariablesBytes: config.GRAPHQL_MAX_VARIABLES_BYTES,
    persistedOperations: noPersistedOperations,
    persistedOnly: false,
    ignoreIntrospection: true,
    schema: () => current?.apiSchema,
    formatError: options.formatError,
    logger,
    onRefused: (reason) => options.metrics.requestRefused(reason),
  });
  const quota =
    options.demand &&
    createHttpQuota({
      demand: options.demand,
      costModels,
      formatError: options.formatError,
    });
  const apollo = createGraphqlEndpoint({
    config,
    logger: logger.child({ endpoint: 'public' }),
    metrics: options.metrics,
    signIdentity: options.signIdentity,
    deriveSupergraph: publicSupergraph,
    apollo: {
      introspection: true,
      hideSchemaDetailsFromClientErrors: true,
      formatError: options.formatError,
      plugins: [ApolloServerPluginLandingPageDisabled(), ...options.plugins, ...(quota ? [quota.plugin] : [])],
    },
    guard: guard.http,
    admit: quota?.admit,
    authorize: createScopeAuthorization(() => current, options.formatError),
    onSchema: (schema) => {
      costModels.update(schema.apiSchema, schema.supergraphSdl);
      current = { ...schema, requirements: accessRequirements(schema.supergraphSdl) };
    },
  });
  return {
    apollo,
    guard,
    /** The contract's API schema and scope requirements once loaded. */
    schema: () => current,
  };
}

export type PublicEndpoint = ReturnType<typeof createPublicEndpoint>;
