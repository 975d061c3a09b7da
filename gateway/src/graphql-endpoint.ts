import { ApolloGateway } from '@apollo/gateway';
import type { ApolloServerOptions, ApolloServerPlugin, HTTPGraphQLRequest } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { Identity } from '@salesgraph/auth';
import type { Logger } from '@salesgraph/logging';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { GatewayApolloServer, type AdmitRequest, type Authorize, type ShareResponse } from './gateway-apollo-server.js';
import type { GatewayMetrics } from './metrics.js';
import type { GuardDecision } from './request-guard.js';
import type { InFlight } from './sharing/in-flight.js';
import { SubgraphDataSource, type SubgraphExchange } from './subgraph-data-source.js';
import { supergraphFile } from './supergraph-file.js';
import { withPlanExecutor } from './executor/plan-executor.js';
import { stringifyResult } from './executor/rendered-data.js';

/** The schema an endpoint serves: its API schema and the supergraph its planner uses. */
export interface LoadedSchema {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSdl: string;
}

/** Apollo's logger interface on top of ours; Apollo's messages are plain strings. */
export function apolloLogger(logger: Logger) {
  const child = logger.child({ component: 'apollo' });
  return {
    debug: (message?: unknown) => child.debug(String(message)),
    info: (message?: unknown) => child.info(String(message)),
    warn: (message?: unknown) => child.warn(String(message)),
    error: (message?: unknown) => child.error(String(message)),
  };
}

export interface GraphqlEndpointOptions {
  readonly config: Readonly<GatewayConfig>;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly signIdentity: (identity: Identity) => Promise<string>;
  /** The supergraph file's SDL -> what this endpoint's ApolloGateway loads (e.g. the public contract). */
  readonly deriveSupergraph: (supergraphSdl: string) => string;
  /** Apollo Server options of this endpoint (introspection, error details, landing page, formatError...). */
  readonly apollo: Omit<ApolloServerOptions<GatewayContext>, 'gateway' | 'schema' | 'typeDefs' | 'resolvers'> & {
    readonly plugins: ApolloServerPlugin<GatewayContext>[];
  };
  /** The endpoint's request guard (`requestGuard(...).http`). */
  readonly guard: (request: HTTPGraphQLRequest) => GuardDecision;
  readonly authorize?: Authorize<GatewayContext>;
  /** Quota admission (src/quota: `createHttpQuota(...).admit`). */
  readonly admit?: AdmitRequest<GatewayContext> | undefined;
  /** Identical subgraph requests of one principal in flight, shared (src/sharing). */
  readonly sharedSubgraphRequests?: InFlight<SubgraphExchange> | undefined;
  /** Wraps the gateway (read sharing seals reads after mutations). */
  readonly wrapGateway?: (gateway: GatewayInterface) => GatewayInterface;
  readonly share?: ShareResponse<GatewayContext>;
  /** Counts this endpoint's reloads in `salesgraph_gateway_supergraph_reloads_total` (one endpoint does). */
  readonly countReloads?: boolean;
  /** Called at load and after every hot reload. */
  readonly onSchema: (schema: LoadedSchema) => void;
  /** Called with the subgraphs' routing URLs at load and after every reload (the intake route needs one). */
  readonly onRouting?: (urls: ReadonlyMap<string, string>) => void;
}

/**
 * One GraphQL endpoint of the gateway: an ApolloGateway over the supergraph file (as this
 * endpoint derives it; polled for hot reloads), subgraph calls carrying the caller's signed
 * identity, and Apollo Server behind the endpoint's guard. `/graphql` and `/public/graphql`
 * are two of these in one process, on one port.
 */
export function createGraphqlEndpoint(options: GraphqlEndpointOptions): GatewayApolloServer<GatewayContext> {
  const { config, logger, metrics } = options;
  let routingUrls: ReadonlyMap<string, string> = new Map();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFile({
      path: config.SUPERGRAPH_PATH,
      overrides: config.SUBGRAPH_URLS,
      pollMs: config.SUPERGRAPH_POLL_MS,
      derive: options.deriveSupergraph,
      logger,
      onRouting: (urls) => {
        routingUrls = urls;
        options.onRouting?.(urls);
      },
      onReload: (result) => {
        if (options.countReloads) metrics.supergraphReload(result);
      },
    }),
    buildService: ({ name }) =>
      new SubgraphDataSource({
        name,
        url: routingUrls.get(name) ?? '',
        signIdentity: options.signIdentity,
        logger,
        metrics,
        shared: options.sharedSubgraphRequests,
        timeoutMs: config.GATEWAY_SUBGRAPH_TIMEOUT_MS,
      }),
    logger: apolloLogger(logger),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) =>
    options.onSchema({ apiSchema, supergraphSdl: coreSupergraphSdl }),
  );
  // GATEWAY_EXECUTOR: our plan executor (src/executor) or @apollo/gateway's own.
  const executing = config.GATEWAY_EXECUTOR === 'salesgraph' ? withPlanExecutor(gateway) : gateway;
  return new GatewayApolloServer<GatewayContext>(
    {
      ...options.apollo,
      gateway: options.wrapGateway ? options.wrapGateway(executing) : executing,
      stringifyResult,
      nodeEnv: config.NODE_ENV,
      logger: apolloLogger(logger),
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      persistedQueries: false,
      parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
      includeStacktraceInErrorResponses: false,
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        ApolloServerPluginUsageReportingDisabled(),
        ApolloServerPluginSchemaReportingDisabled(),
        ...options.apollo.plugins,
      ],
    },
    { guard: options.guard, share: options.share, authorize: options.authorize, admit: options.admit },
  );
}

/**
 * Responses sent while stopping close their connection, so a keep-alive socket does not
 * outlive the drain (node:http only closes the connections idle when `close()` is called).
 */
export function closeConnectionsWhen(stopping: () => boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (stopping()) response.http.headers.set('connection', 'close');
        },
      };
    },
  };
}
